package dev.chorus.gateway;

import dev.chorus.pipeline.PipelineWorkflow;
import dev.chorus.pipeline.RunSearchAttributes;
import dev.chorus.pipeline.RunStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Filters of a run listing as a Temporal visibility query. Every value is checked before it is put
 * into the query text, so nothing a caller sends can change the query's meaning.
 */
record RunQuery(String pipeline, String status, Instant startedAfter, Instant startedBefore) {

  static final List<String> STATUSES =
      List.of(
          "RUNNING",
          "COMPENSATING",
          "COMPLETED",
          "COMPENSATED",
          "COMPENSATION_FAILED",
          "FAILED",
          "CANCELLED",
          "TERMINATED",
          "TIMED_OUT");

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
   * Runs end as TERMINATED or TIMED_OUT without their workflow code knowing, so those come from
   * Temporal's own status.
   */
  private String statusTerm() {
    return switch (status) {
      case "TERMINATED" -> "ExecutionStatus='Terminated'";
      case "TIMED_OUT" -> "ExecutionStatus='TimedOut'";
      case "RUNNING", "COMPENSATING" ->
          "ExecutionStatus='Running' AND "
              + RunSearchAttributes.STATUS.getName()
              + "='"
              + status
              + "'";
      default ->
          RunSearchAttributes.STATUS.getName() + "='" + RunStatus.valueOf(status).name() + "'";
    };
  }
}
