package dev.chorus.pipeline.workflow;

import dev.chorus.pipeline.RunStatus;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;

/**
 * How a run that did not complete its steps ends, after its compensations ran: a planned undo
 * ({@code onError: compensate}) completes the run, a cancellation (also one that reached the run
 * through a child or a dispatch) cancels it, anything else fails it. A compensation that failed
 * makes the status COMPENSATION_FAILED in every case, while Temporal and the event's detail still
 * tell how the run ended.
 */
record RunEnd(TemporalFailure failure, boolean cancelled, boolean completes) {

  static RunEnd of(TemporalFailure failure) {
    boolean cancelled = Failures.cancelled(failure);
    boolean planned =
        !cancelled
            && failure instanceof ApplicationFailure app
            && StepRunner.COMPENSATE_RUN.equals(app.getType());
    return new RunEnd(failure, cancelled, planned);
  }

  RunStatus status(CompensationReport report) {
    if (!report.failures().isEmpty()) {
      return RunStatus.COMPENSATION_FAILED;
    }
    return cancelled ? RunStatus.CANCELLED : completes ? RunStatus.COMPENSATED : RunStatus.FAILED;
  }

  /** The {@code run.finished} event's detail: how the run ended, then what could not be undone. */
  String detail(CompensationReport report) {
    String how =
        cancelled
            ? "cancelled"
            : completes ? "compensated after: " + reason() : "failed: " + reason();
    return report.failures().isEmpty()
        ? (cancelled ? null : how)
        : how + "; compensation failed for " + String.join("; ", report.failures());
  }

  /**
   * The failure as the Temporal UI shows it: the step, its capability and agent, and the error,
   * with no Java stack trace, which says nothing to an operator.
   */
  ApplicationFailure forOperators() {
    String type = failure instanceof ApplicationFailure app ? app.getType() : Agents.STEP_FAILED;
    ApplicationFailure clean = ApplicationFailure.newNonRetryableFailure(reason(), type);
    clean.setStackTrace(new StackTraceElement[0]);
    return clean;
  }

  private String reason() {
    return Failures.message(failure);
  }
}
