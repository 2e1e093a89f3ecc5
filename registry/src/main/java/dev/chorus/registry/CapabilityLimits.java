package dev.chorus.registry;

import java.util.ArrayList;
import java.util.List;

/**
 * How fast and how much a capability's agents are given work, enforced at dispatch by every worker
 * alike (the dispatch script reads them from Redis with the stream it appends to). A dispatch over
 * a limit waits and tries again; no run fails because of one.
 *
 * @param rate tasks per second handed out on average, 0 for no limit
 * @param burst tasks handed out at once before {@code rate} applies (the token bucket's size); at
 *     least 1 when {@code rate} is set
 * @param maxInFlight tasks waiting on or in the hands of the agents of one major's stream at once,
 *     0 for the worker-wide backlog limit alone
 */
public record CapabilityLimits(double rate, int burst, long maxInFlight) {

  /** The highest rate and burst taken: beyond them the limit protects nothing. */
  public static final double MAX_RATE = 100_000;

  public static final int MAX_BURST = 100_000;

  public static final CapabilityLimits NONE = new CapabilityLimits(0, 0, 0);

  /** One field out of range: {@code field} is its name, {@code problem} what is wrong. */
  public record Problem(String field, String problem) {}

  /** Thrown for limits out of range, with every field that is. */
  public static final class InvalidLimitsException extends IllegalArgumentException {
    private final transient List<Problem> problems;

    InvalidLimitsException(List<Problem> problems) {
      super(
          String.join(
              "; ", problems.stream().map(p -> "/" + p.field() + ": " + p.problem()).toList()));
      this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
      return problems;
    }
  }

  /** The limits, or an {@link InvalidLimitsException} naming each field that is out of range. */
  public static CapabilityLimits of(double rate, int burst, long maxInFlight) {
    List<Problem> problems = new ArrayList<>();
    if (!(rate >= 0 && rate <= MAX_RATE)) {
      problems.add(
          new Problem(
              "rate", "must be between 0 (no limit) and " + (long) MAX_RATE + ", was " + rate));
    }
    if (burst < 0 || burst > MAX_BURST) {
      problems.add(new Problem("burst", "must be between 0 and " + MAX_BURST + ", was " + burst));
    } else if (rate > 0 && burst < 1) {
      problems.add(new Problem("burst", "must be at least 1 when rate is set, was " + burst));
    }
    if (maxInFlight < 0) {
      problems.add(
          new Problem(
              "maxInFlight", "must be 0 (no limit of its own) or more, was " + maxInFlight));
    }
    if (!problems.isEmpty()) {
      throw new InvalidLimitsException(problems);
    }
    return new CapabilityLimits(rate, burst, maxInFlight);
  }

  public boolean none() {
    return rate == 0 && maxInFlight == 0;
  }

  /** The form the dispatch script reads: {@code <rate> <burst> <maxInFlight>}. */
  String encoded() {
    return rate + " " + burst + " " + maxInFlight;
  }

  static CapabilityLimits decode(String encoded) {
    String[] parts = encoded.strip().split(" ");
    if (parts.length != 3) {
      throw new IllegalArgumentException("capability limits '" + encoded + "' are not 3 numbers");
    }
    return of(Double.parseDouble(parts[0]), Integer.parseInt(parts[1]), Long.parseLong(parts[2]));
  }
}
