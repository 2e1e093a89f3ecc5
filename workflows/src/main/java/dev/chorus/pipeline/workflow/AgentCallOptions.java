package dev.chorus.pipeline.workflow;

import io.temporal.common.RetryOptions;
import java.time.Duration;
import java.util.List;

/**
 * How {@link Agents} calls an agent.
 *
 * @param step the call's name, unique within the run: it keys the task id, the state query and the
 *     reply; calling twice with one name is calling the same step twice
 * @param capability what kind of agent answers
 * @param versionRange semver range of acceptable agent versions ({@code *} when null)
 * @param labels label selectors for routing (none when null)
 * @param retry initial interval, backoff coefficient, maximum interval and attempts between
 *     dispatches; {@code doNotRetry} lists error types that fail the call at once
 * @param attemptTimeout how long one dispatch waits for its reply
 * @param totalTimeout how long all dispatches together may take; null for no limit
 * @param fallback capability called with the same input when this one is exhausted; null for none
 * @param compensate capability that undoes the call, run by {@link Agents#compensate()}; null for
 *     none
 * @param waitForAgent how long dispatch keeps trying while no healthy agent matches; zero fails at
 *     once with a message that lists what is registered
 */
public record AgentCallOptions(
    String step,
    String capability,
    String versionRange,
    List<String> labels,
    RetryOptions retry,
    Duration attemptTimeout,
    Duration totalTimeout,
    String fallback,
    String compensate,
    Duration waitForAgent) {

  public static final Duration DEFAULT_ATTEMPT_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_WAIT_FOR_AGENT = Duration.ofSeconds(30);
  public static final RetryOptions DEFAULT_RETRY =
      RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofSeconds(1))
          .setBackoffCoefficient(2)
          .setMaximumInterval(Duration.ofMinutes(1))
          .setMaximumAttempts(3)
          .build();

  public AgentCallOptions {
    if (step == null || step.isBlank() || capability == null || capability.isBlank()) {
      throw new IllegalArgumentException("an agent call needs a step name and a capability");
    }
    versionRange = versionRange == null ? "*" : versionRange;
    labels = labels == null ? List.of() : List.copyOf(labels);
    retry = retry == null ? DEFAULT_RETRY : retry;
    attemptTimeout = attemptTimeout == null ? DEFAULT_ATTEMPT_TIMEOUT : attemptTimeout;
    waitForAgent = waitForAgent == null ? DEFAULT_WAIT_FOR_AGENT : waitForAgent;
  }

  /** Every option at its default. */
  public static AgentCallOptions of(String step, String capability) {
    return new AgentCallOptions(step, capability, null, null, null, null, null, null, null, null);
  }

  public AgentCallOptions withRetry(RetryOptions retry) {
    return new AgentCallOptions(
        step,
        capability,
        versionRange,
        labels,
        retry,
        attemptTimeout,
        totalTimeout,
        fallback,
        compensate,
        waitForAgent);
  }

  public AgentCallOptions withTimeouts(Duration attempt, Duration total) {
    return new AgentCallOptions(
        step,
        capability,
        versionRange,
        labels,
        retry,
        attempt,
        total,
        fallback,
        compensate,
        waitForAgent);
  }

  public AgentCallOptions withFallback(String fallbackCapability) {
    return new AgentCallOptions(
        step,
        capability,
        versionRange,
        labels,
        retry,
        attemptTimeout,
        totalTimeout,
        fallbackCapability,
        compensate,
        waitForAgent);
  }

  public AgentCallOptions withCompensation(String compensateCapability) {
    return new AgentCallOptions(
        step,
        capability,
        versionRange,
        labels,
        retry,
        attemptTimeout,
        totalTimeout,
        fallback,
        compensateCapability,
        waitForAgent);
  }

  public AgentCallOptions withRouting(String range, List<String> selectors) {
    return new AgentCallOptions(
        step,
        capability,
        range,
        selectors,
        retry,
        attemptTimeout,
        totalTimeout,
        fallback,
        compensate,
        waitForAgent);
  }

  public AgentCallOptions withWaitForAgent(Duration wait) {
    return new AgentCallOptions(
        step,
        capability,
        versionRange,
        labels,
        retry,
        attemptTimeout,
        totalTimeout,
        fallback,
        compensate,
        wait);
  }
}
