package dev.chorus.pipeline.model;

import java.util.List;

/**
 * How an agent step is dispatched again after a timeout or a retryable error; Temporal's {@code
 * RetryOptions} semantics. Durations are written as in {@link Durations}.
 *
 * @param maximumAttempts dispatches before the step is exhausted; 0 means until its total timeout
 * @param nonRetryableErrors error types that fail the step at once ({@code Timeout} for a dispatch
 *     left unanswered, otherwise the agent error's type: the text before the first ':' of its
 *     message)
 */
public record RetryPolicy(
    String initialInterval,
    Double backoffCoefficient,
    String maximumInterval,
    Integer maximumAttempts,
    List<String> nonRetryableErrors) {

  public static final RetryPolicy DEFAULT = new RetryPolicy(null, null, null, null, null);

  public RetryPolicy {
    initialInterval = initialInterval == null ? "1s" : initialInterval;
    backoffCoefficient = backoffCoefficient == null ? 2.0 : backoffCoefficient;
    maximumInterval = maximumInterval == null ? "1m" : maximumInterval;
    maximumAttempts = maximumAttempts == null ? 3 : maximumAttempts;
    nonRetryableErrors = nonRetryableErrors == null ? List.of() : List.copyOf(nonRetryableErrors);
  }
}
