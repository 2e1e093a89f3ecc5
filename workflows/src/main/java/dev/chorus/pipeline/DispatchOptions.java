package dev.chorus.pipeline;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/** Activity options of the dispatch activity. */
final class DispatchOptions {

  /**
   * Dispatch is one XADD. It is retried while Redis is away (for up to five minutes); the step's own
   * timeout, not this, decides when an agent is too slow.
   */
  static final ActivityOptions DISPATCH =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(10))
          .setScheduleToCloseTimeout(Duration.ofMinutes(5))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofMillis(200))
                  .setBackoffCoefficient(2)
                  .setMaximumInterval(Duration.ofSeconds(10))
                  .build())
          .build();

  private DispatchOptions() {}
}
