package dev.chorus.agent;

import java.time.Duration;
import java.util.Optional;

/** A failed task, with whether the run should try again, and how soon. */
public class AgentException extends Exception {

  private final boolean retryable;
  private final Duration retryAfter;
  private final boolean pausesCapability;

  private AgentException(
      String message, boolean retryable, Duration retryAfter, boolean pausesCapability) {
    super(message);
    this.retryable = retryable;
    this.retryAfter = retryAfter;
    this.pausesCapability = pausesCapability;
  }

  /** Another attempt may succeed (a dependency was down, a limit was hit). */
  public static AgentException retryable(String message) {
    return new AgentException(message, true, null, false);
  }

  /**
   * Another attempt may succeed, but not before {@code delay}: the upstream throttles (an HTTP 429
   * with its {@code Retry-After}). The run waits at least that long, at most a day.
   */
  public static AgentException retryAfter(String message, Duration delay) {
    return new AgentException(message, true, requireNonNegative(delay), false);
  }

  /**
   * Like {@link #retryAfter}, for every run's tasks of the capability: the upstream throttles all
   * of its agents (a quota spent, an outage announced), so no run dispatches to it before {@code
   * delay} has passed.
   */
  public static AgentException pauseCapability(String message, Duration delay) {
    return new AgentException(message, true, requireNonNegative(delay), true);
  }

  private static Duration requireNonNegative(Duration delay) {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("a retry delay cannot be negative: " + delay);
    }
    return delay;
  }

  /** No attempt will succeed (the input cannot be processed); the step fails at once. */
  public static AgentException fatal(String message) {
    return new AgentException(message, false, null, false);
  }

  public boolean retryable() {
    return retryable;
  }

  /** The least delay before the next attempt, when the agent asked for one. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** Whether {@link #retryAfter} holds for the whole capability. */
  public boolean pausesCapability() {
    return pausesCapability;
  }
}
