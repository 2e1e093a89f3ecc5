package dev.chorus.pipeline.workflow;

import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.TimerOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Waits for a condition or a timeout on a timer that is cancelled as soon as the condition holds.
 * {@code Workflow.await(timeout, condition)} of SDK 1.39 leaves its timer running (its own fix
 * waits behind an SDK flag that this version never sets), so each answered step would wake the run
 * once more, later, for nothing.
 */
final class Timers {

  private Timers() {}

  /** True when {@code condition} held before the timeout; a cancelled run gets its cancellation. */
  static boolean await(Duration timeout, String summary, Supplier<Boolean> condition) {
    if (condition.get()) {
      return true;
    }
    TimerOptions options = TimerOptions.newBuilder().setSummary(summary).build();
    @SuppressWarnings("unchecked")
    Promise<Void>[] timer = new Promise[1];
    CancellationScope scope =
        Workflow.newCancellationScope(() -> timer[0] = Workflow.newTimer(timeout, options));
    scope.run();
    Workflow.await(() -> timer[0].isCompleted() || condition.get());
    if (condition.get()) {
      scope.cancel();
      return true;
    }
    timer[0].get();
    return false;
  }
}
