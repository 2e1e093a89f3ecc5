package dev.chorus.pipeline.workflow;

import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.failure.TemporalFailure;

/** The human-readable reason of a step's failure, looking through Temporal's wrappers. */
final class Failures {

  private Failures() {}

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
