package dev.chorus.pipeline.workflow;

import dev.chorus.pipeline.model.AgentStep;
import dev.chorus.pipeline.model.Durations;
import dev.chorus.pipeline.model.RetryPolicy;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/** An agent step's options as {@link Agents} takes them. */
final class AgentOptions {

  private AgentOptions() {}

  static AgentCallOptions of(String key, AgentStep step) {
    RetryPolicy retry = step.retry();
    RetryOptions retryOptions =
        RetryOptions.newBuilder()
            .setInitialInterval(Durations.parse(retry.initialInterval()))
            .setBackoffCoefficient(retry.backoffCoefficient())
            .setMaximumInterval(Durations.parse(retry.maximumInterval()))
            .setMaximumAttempts(retry.maximumAttempts())
            .setDoNotRetry(retry.nonRetryableErrors().toArray(String[]::new))
            .build();
    return AgentCallOptions.of(key, step.capability())
        .withRouting(step.version(), step.labels())
        .withRetry(retryOptions)
        .withTimeouts(
            Durations.parse(step.timeout()),
            step.totalTimeout() == null ? null : Durations.parse(step.totalTimeout()))
        .withFallback(step.fallback())
        .withCompensation(step.compensate())
        .withWaitForAgent(
            "fail".equals(step.whenNoAgent())
                ? Duration.ZERO
                : Durations.parse(step.waitForAgent()));
  }
}
