package dev.chorus.pipeline.workflow;

import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.TimerOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Waits for a condition or a timeout on a Temporal timer that waits of the run share. A run whose
 * agent steps answer quickly dispatches each next step long before the previous step's timer would
 * fire, and that timer fires no later than the new step's deadline: the new step waits on it
 * instead of cancelling it and starting its own (two history events per step saved). A shared timer
 * is reused only while at least a quarter of the new wait is left before it fires, a bet that the
 * step answers by then; when it fires first, the waiter starts a timer for the rest of its wait, so
 * no wait ever ends before its deadline.
 *
 * <p>A timer nobody waits on is cancelled as soon as a newer one replaces it, and the newest one is
 * left running for the next wait; once the run ends, Temporal drops it without an event. Timers run
 * in a detached scope, since a wait that is cancelled (its branch or the run) must not take another
 * wait's timer with it; the cancelled wait gets its cancellation all the same.
 */
final class SharedTimer {

  /**
   * A shared timer is reused while this share of the wait (a quarter) is left before it fires. A
   * wait that outlasts it pays for the sharing with one more workflow task and timer (5 events
   * against the 2 of cancelling and starting one), so sharing pays while fewer than two steps in
   * five take longer than that; the arithmetic is in docs/performance.md.
   */
  private static final int LEFT_DIVISOR = 4;

  private Timer current;

  /**
   * True when {@code condition} held before {@code timeout} passed.
   *
   * @param summary what the Temporal UI shows on a timer this wait starts, for how long it runs
   */
  boolean await(Duration timeout, Function<Duration, String> summary, Supplier<Boolean> condition) {
    if (condition.get()) {
      return true;
    }
    long deadline = Workflow.currentTimeMillis() + timeout.toMillis();
    long enough = timeout.toMillis() / LEFT_DIVISOR;
    Promise<String> cancelled = CancellationScope.current().getCancellationRequest();
    while (true) {
      long left = deadline - Workflow.currentTimeMillis();
      if (left <= 0) {
        return false;
      }
      Timer timer = timerFor(deadline, enough, Duration.ofMillis(left), summary);
      timer.waiters++;
      try {
        Workflow.await(
            () -> condition.get() || timer.fired.isCompleted() || cancelled.isCompleted());
      } finally {
        timer.waiters--;
        cancelIfIdle(timer);
      }
      if (condition.get()) {
        return true;
      }
      if (cancelled.isCompleted()) {
        throw new CanceledFailure(cancelled.get());
      }
      if (timer.fireAt >= deadline && timer.fired.getFailure() == null) {
        return false;
      }
    }
  }

  /** A timer firing at or before {@code deadline}, {@code enough} from now or later. */
  private Timer timerFor(
      long deadline, long enough, Duration left, Function<Duration, String> summary) {
    if (current != null
        && !current.fired.isCompleted()
        && current.fireAt <= deadline
        && current.fireAt - Workflow.currentTimeMillis() >= enough) {
      return current;
    }
    Timer replaced = current;
    current = new Timer(Workflow.currentTimeMillis() + left.toMillis(), left, summary.apply(left));
    if (replaced != null) {
      cancelIfIdle(replaced);
    }
    return current;
  }

  private void cancelIfIdle(Timer timer) {
    if (timer != current && timer.waiters == 0 && !timer.fired.isCompleted()) {
      timer.scope.cancel();
    }
  }

  private static final class Timer {
    final long fireAt;
    final CancellationScope scope;
    Promise<Void> fired;
    int waiters;

    Timer(long fireAt, Duration left, String summary) {
      this.fireAt = fireAt;
      TimerOptions options = TimerOptions.newBuilder().setSummary(summary).build();
      this.scope =
          Workflow.newDetachedCancellationScope(() -> fired = Workflow.newTimer(left, options));
      scope.run();
    }
  }
}
