package dev.chorus.pipeline;

import java.time.Duration;

/**
 * One agent step.
 *
 * @param name unique within its pipeline; the key of its output in the run's result
 * @param capability what kind of agent answers it
 * @param timeout how long one dispatch waits for a reply before the task is dispatched again
 * @param maxAttempts how many dispatches before the step fails
 * @param retryBackoff pause before re-dispatching after an agent's retryable error
 */
public record StepDefinition(
    String name, String capability, Duration timeout, int maxAttempts, Duration retryBackoff) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  public static final int DEFAULT_MAX_ATTEMPTS = 3;
  public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofSeconds(1);

  public StepDefinition {
    if (name == null || name.isBlank() || capability == null || capability.isBlank()) {
      throw new IllegalArgumentException("a step needs a name and a capability");
    }
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    maxAttempts = maxAttempts <= 0 ? DEFAULT_MAX_ATTEMPTS : maxAttempts;
    retryBackoff = retryBackoff == null ? DEFAULT_RETRY_BACKOFF : retryBackoff;
  }

  public static StepDefinition of(String name, String capability) {
    return new StepDefinition(name, capability, null, 0, null);
  }
}
