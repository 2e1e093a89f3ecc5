package dev.chorus.gateway;

import dev.chorus.pipeline.RunStatus;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import java.util.Set;

/**
 * A run's status from its two sources: {@code ChorusStatus} is what the run's code last recorded,
 * Temporal's execution status is the truth once the run is closed. A run Temporal ended without its
 * code (terminated, timed out) or that went on in a new execution keeps whatever its code recorded
 * last, usually {@code RUNNING}, so those take Temporal's word.
 */
final class RunStatuses {

  /** What a run's code records while it runs; never the status of a closed run. */
  static final Set<String> OPEN = Set.of(RunStatus.RUNNING.name(), RunStatus.COMPENSATING.name());

  private RunStatuses() {}

  static String of(WorkflowExecutionStatus execution, String chorusStatus) {
    return switch (execution) {
      // The run's code records its ending a moment before Temporal closes the run; until then its
      // output and failure cannot be read, so it is still running.
      case WORKFLOW_EXECUTION_STATUS_RUNNING ->
          chorusStatus == null || !OPEN.contains(chorusStatus)
              ? RunStatus.RUNNING.name()
              : chorusStatus;
      // Ended by the run's code, which recorded how just before; a failure outside it (a bug, a
      // non-determinism) leaves an open status, and Temporal's says how it ended.
      case WORKFLOW_EXECUTION_STATUS_COMPLETED,
          WORKFLOW_EXECUTION_STATUS_FAILED,
          WORKFLOW_EXECUTION_STATUS_CANCELED ->
          chorusStatus == null || OPEN.contains(chorusStatus) ? temporal(execution) : chorusStatus;
      default -> temporal(execution);
    };
  }

  static String temporal(WorkflowExecutionStatus status) {
    String name = status.name().replace("WORKFLOW_EXECUTION_STATUS_", "");
    return name.equals("CANCELED") ? "CANCELLED" : name;
  }
}
