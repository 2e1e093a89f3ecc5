package dev.chorus.pipeline.workflow;

import dev.chorus.pipeline.DispatchMode;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/** Activity options of the dispatch activity, as an activity or as a local activity. */
final class DispatchOptions {

  /**
   * Dispatch is a routing decision and one XADD. It is retried while no agent matches (up to {@code
   * waitForAgent}), while Redis is away or while the capability's backlog is full (backpressure),
   * for up to an hour beyond that; the step's own timeout, not this, decides when an agent is too
   * slow.
   */
  static ActivityOptions forWaitingUpTo(Duration waitForAgent) {
    return forWaitingUpTo(waitForAgent, null);
  }

  /**
   * @param summary what the Temporal UI shows for the activity; null for none
   */
  static ActivityOptions forWaitingUpTo(Duration waitForAgent, String summary) {
    return ActivityOptions.newBuilder()
        .setSummary(summary)
        .setStartToCloseTimeout(Duration.ofSeconds(10))
        .setScheduleToCloseTimeout(Duration.ofHours(1).plus(waitForAgent))
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofMillis(200))
                .setBackoffCoefficient(2)
                // Short, so a refused dispatch (backpressure) finds room soon after the agents
                // drain it.
                .setMaximumInterval(Duration.ofSeconds(2))
                .build())
        .build();
  }

  /**
   * The same timeouts and retries for a local activity (see {@link DispatchMode#LOCAL_ACTIVITY}).
   */
  static LocalActivityOptions localWaitingUpTo(Duration waitForAgent, String summary) {
    ActivityOptions options = forWaitingUpTo(waitForAgent);
    return LocalActivityOptions.newBuilder()
        .setSummary(summary)
        .setStartToCloseTimeout(options.getStartToCloseTimeout())
        .setScheduleToCloseTimeout(options.getScheduleToCloseTimeout())
        .setRetryOptions(options.getRetryOptions())
        .build();
  }

  private DispatchOptions() {}
}
