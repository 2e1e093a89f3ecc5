package dev.chorus.protocol;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A retryable error's {@code retryAfter}: the least delay before the run dispatches the step again,
 * as an agent learns it from an upstream that throttles it (HTTP 429 with {@code Retry-After}).
 * Either a duration ({@code 5s}, {@code 1500ms}, {@code 2m}, {@code 1h}) or a UTC time ({@code
 * 2026-12-02T15:00:00Z}); never more than {@link #LONGEST} ahead.
 */
public final class RetryAfter {

  /** Longer waits are an agent's mistake or its attack on the run, not a throttle. */
  public static final Duration LONGEST = Duration.ofHours(24);

  private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m|h)");

  private RetryAfter() {}

  /** The field's text for a delay: whole milliseconds. */
  public static String of(Duration delay) {
    return Math.max(0, delay.toMillis()) + "ms";
  }

  /** What is wrong with {@code value}, if anything; the schema has checked its shape. */
  static Optional<String> problem(String value) {
    Matcher duration = DURATION.matcher(value);
    if (duration.matches() && toDuration(duration).compareTo(LONGEST) > 0) {
      return Optional.of("/retryAfter: " + value + " is longer than " + LONGEST.toHours() + "h");
    }
    if (!duration.matches()) {
      try {
        Instant.parse(value);
      } catch (DateTimeParseException e) {
        return Optional.of("/retryAfter: '" + value + "' is neither a duration nor a UTC time");
      }
    }
    return Optional.empty();
  }

  /**
   * The epoch millisecond before which the step is not dispatched again: a duration counts from
   * {@code nowMillis}, a time stands as it is, and either is capped at {@link #LONGEST} ahead.
   */
  public static long notBefore(String value, long nowMillis) {
    Matcher duration = DURATION.matcher(value);
    long at =
        duration.matches()
            ? nowMillis + toDuration(duration).toMillis()
            : Instant.parse(value).toEpochMilli();
    return Math.min(at, nowMillis + LONGEST.toMillis());
  }

  private static Duration toDuration(Matcher duration) {
    long amount = Long.parseLong(duration.group(1));
    return switch (duration.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      default -> Duration.ofHours(amount);
    };
  }
}
