package dev.chorus.pipeline.workflow;

import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.failure.TemporalFailure;

/** The human-readable reason of a step's failure, looking through Temporal's wrappers. */
final class Failures {

  private Failures() {}

  /**
   * Whether the failure is a cancellation, also when it reaches the run wrapped: a child pipeline
   * or a dispatch cancelled with its parent run fails as a ChildWorkflowFailure or an
   * ActivityFailure around a CanceledFailure, which a step's failure may wrap once more.
   */
  static boolean cancelled(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof CanceledFailure) {
        return true;
      }
    }
    return false;
  }

  static String message(Throwable failure) {
    if (failure instanceof ChildWorkflowFailure child && child.getCause() != null) {
      return "child pipeline "
          + child.getExecution().getWorkflowId()
          + " failed: "
          + message(child.getCause());
    }
    if (failure instanceof ApplicationFailure || !(failure instanceof TemporalFailure)) {
      return failure instanceof TemporalFailure t ? t.getOriginalMessage() : failure.getMessage();
    }
    TemporalFailure temporal = (TemporalFailure) failure;
    return failure.getCause() != null
        ? temporal.getOriginalMessage() + ": " + message(failure.getCause())
        : temporal.getOriginalMessage();
  }
}
