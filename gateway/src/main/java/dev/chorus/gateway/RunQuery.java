package dev.chorus.gateway;

import dev.chorus.pipeline.PipelineWorkflow;
import dev.chorus.pipeline.RunSearchAttributes;
import dev.chorus.pipeline.RunStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Filters of a run listing as a Temporal visibility query. Every value is checked before it is put
 * into the query text, so nothing a caller sends can change the query's meaning.
 */
record RunQuery(String pipeline, String status, Instant startedAfter, Instant startedBefore) {

  /** What a run's code records, then the endings only Temporal knows of. */
  static final List<String> STATUSES =
      Stream.concat(
              Arrays.stream(RunStatus.values()).map(RunStatus::name),
              Stream.of("TERMINATED", "TIMED_OUT"))
          .toList();

  RunQuery {
    if (pipeline != null) {
      Ids.require("pipeline", pipeline);
    }
    if (status != null && !STATUSES.contains(status)) {
      throw new InvalidRequestException(
          "status", "must be one of " + STATUSES + " but was '" + status + "'");
    }
    if (startedAfter != null && startedBefore != null && !startedAfter.isBefore(startedBefore)) {
      throw new InvalidRequestException("startedBefore", "must be later than startedAfter");
    }
  }

  String visibilityQuery() {
    List<String> terms = new ArrayList<>();
    terms.add("WorkflowType='" + PipelineWorkflow.class.getSimpleName() + "'");
    if (pipeline != null) {
      terms.add(RunSearchAttributes.PIPELINE.getName() + "='" + pipeline + "'");
    }
    if (status != null) {
      terms.add(statusTerm());
    }
    if (startedAfter != null) {
      terms.add("StartTime >= '" + startedAfter + "'");
    }
    if (startedBefore != null) {
      terms.add("StartTime < '" + startedBefore + "'");
    }
    return String.join(" AND ", terms);
  }

  /**
   * The same rule as {@link RunStatuses#of}: {@code ChorusStatus} is what the run's code last
   * recorded, so it names an open run only together with {@code ExecutionStatus='Running'}, and a
   * closed run's status is Temporal's unless its code recorded how it ended.
   */
  private String statusTerm() {
    String chorus = RunSearchAttributes.STATUS.getName();
    return switch (status) {
      case "RUNNING" ->
          "ExecutionStatus='Running' AND (" + chorus + " IS NULL OR " + chorus + "='RUNNING')";
      case "COMPENSATING" -> "ExecutionStatus='Running' AND " + chorus + "='COMPENSATING'";
      case "COMPLETED" -> closedByCode("Completed");
      case "FAILED" -> closedByCode("Failed");
      case "CANCELLED" -> closedByCode("Canceled");
      case "COMPENSATED" -> "ExecutionStatus='Completed' AND " + chorus + "='COMPENSATED'";
      // Temporal ends such a run as completed (onError: compensate), failed or cancelled.
      case "COMPENSATION_FAILED" ->
          "ExecutionStatus IN ('Completed', 'Failed', 'Canceled') AND "
              + chorus
              + "='COMPENSATION_FAILED'";
      case "TERMINATED" -> "ExecutionStatus='Terminated'";
      case "TIMED_OUT" -> "ExecutionStatus='TimedOut'";
      default -> throw new IllegalStateException("no query for status " + status);
    };
  }

  /** Temporal's status, and the run's code recorded that status or none of its own ending. */
  private String closedByCode(String executionStatus) {
    String chorus = RunSearchAttributes.STATUS.getName();
    return "ExecutionStatus='"
        + executionStatus
        + "' AND ("
        + chorus
        + " IS NULL OR "
        + chorus
        + " IN ('RUNNING', 'COMPENSATING', '"
        + status
        + "'))";
  }
}
