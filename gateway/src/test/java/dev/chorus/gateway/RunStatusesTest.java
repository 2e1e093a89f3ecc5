package dev.chorus.gateway;

import static io.temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED;
import static io.temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED;
import static io.temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED;
import static io.temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
import static io.temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunStatusesTest {

  @Test
  void anOpenRunShowsWhatItsCodeRecordsWhileItRuns() {
    assertThat(RunStatuses.of(WORKFLOW_EXECUTION_STATUS_RUNNING, null)).isEqualTo("RUNNING");
    assertThat(RunStatuses.of(WORKFLOW_EXECUTION_STATUS_RUNNING, "COMPENSATING"))
        .isEqualTo("COMPENSATING");
  }

  /** Its output or failure can be read only once Temporal has closed it. */
  @Test
  void anOpenRunWhoseCodeRecordedItsEndingIsStillRunning() {
    assertThat(RunStatuses.of(WORKFLOW_EXECUTION_STATUS_RUNNING, "FAILED")).isEqualTo("RUNNING");
    assertThat(RunStatuses.of(WORKFLOW_EXECUTION_STATUS_RUNNING, "COMPLETED")).isEqualTo("RUNNING");
  }

  @Test
  void aClosedRunShowsTheEndingItsCodeRecorded() {
    assertThat(RunStatuses.of(WORKFLOW_EXECUTION_STATUS_COMPLETED, "COMPENSATED"))
        .isEqualTo("COMPENSATED");
    assertThat(RunStatuses.of(WORKFLOW_EXECUTION_STATUS_FAILED, "COMPENSATION_FAILED"))
        .isEqualTo("COMPENSATION_FAILED");
    assertThat(RunStatuses.of(WORKFLOW_EXECUTION_STATUS_CANCELED, "RUNNING"))
        .isEqualTo("CANCELLED");
  }

  @Test
  void aRunTemporalEndedTakesTemporalsStatus() {
    assertThat(RunStatuses.of(WORKFLOW_EXECUTION_STATUS_TERMINATED, "RUNNING"))
        .isEqualTo("TERMINATED");
  }
}
