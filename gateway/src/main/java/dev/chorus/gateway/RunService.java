package dev.chorus.gateway;

import dev.chorus.pipeline.DispatchMode;
import dev.chorus.pipeline.PipelineDefinition;
import dev.chorus.pipeline.PipelineResult;
import dev.chorus.pipeline.PipelineRun;
import dev.chorus.pipeline.PipelineWorkflow;
import dev.chorus.pipeline.RunSearchAttributes;
import dev.chorus.pipeline.RunState;
import dev.chorus.pipeline.TaskQueues;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowQueryException;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributes;
import io.temporal.failure.TemporalFailure;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Starts runs and reads their state through the Temporal client. */
class RunService {

  private final WorkflowClient client;
  private final PipelineCatalog catalog;
  private final TemporalUiLinks links;
  private final DispatchMode dispatch;

  RunService(WorkflowClient client, PipelineCatalog catalog, TemporalUiLinks links, DispatchMode dispatch) {
    this.client = client;
    this.catalog = catalog;
    this.links = links;
    this.dispatch = dispatch;
  }

  /** Result of a start: the run, and whether this request created it or found it already started. */
  record Started(RunView run, boolean created) {}

  Started start(String pipelineName, StartRunRequest request) {
    Ids.require("pipeline", pipelineName);
    PipelineDefinition definition =
        catalog.find(pipelineName).orElseThrow(() -> new NotFoundException("no pipeline named '" + pipelineName + "'"));
    if (request == null || request.input() == null) {
      throw new InvalidRequestException("input", "is required and must be a JSON object");
    }
    String runId =
        request.runId() == null ? pipelineName + "-" + UUID.randomUUID() : Ids.require("runId", request.runId());
    WorkflowOptions options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(runId)
            .setTaskQueue(TaskQueues.PIPELINES)
            // A caller retrying with the same run id finds the run it started, even after it ended.
            .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
            .setTypedSearchAttributes(SearchAttributes.newBuilder().set(RunSearchAttributes.PIPELINE, pipelineName).build())
            .build();
    PipelineWorkflow workflow = client.newWorkflowStub(PipelineWorkflow.class, options);
    try {
      WorkflowClient.start(workflow::run, new PipelineRun(definition, request.input(), dispatch));
      return new Started(describe(runId), true);
    } catch (WorkflowExecutionAlreadyStarted alreadyStarted) {
      return new Started(describe(runId), false);
    }
  }

  RunView describe(String runId) {
    Ids.require("runId", runId);
    WorkflowStub stub = client.newUntypedWorkflowStub(runId);
    WorkflowExecutionDescription description;
    try {
      description = stub.describe();
    } catch (WorkflowNotFoundException e) {
      throw new NotFoundException("no run with id '" + runId + "'");
    }
    WorkflowExecutionStatus status = description.getStatus();
    RunState state = queryState(stub);
    Map<String, Map<String, Object>> output = null;
    String failure = null;
    if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED) {
      output = stub.getResult(PipelineResult.class).outputs();
    } else if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED) {
      failure = failureOf(stub);
    }
    return new RunView(
        runId,
        runId,
        description.getExecution().getRunId(),
        state == null ? description.getWorkflowType() : state.pipeline(),
        statusName(status),
        state == null ? List.of() : state.steps(),
        output,
        failure,
        links.run(runId));
  }

  /** The run's step-by-step state, or null when no worker can answer the query right now. */
  private static RunState queryState(WorkflowStub stub) {
    try {
      return stub.query(PipelineWorkflow.STATE_QUERY, RunState.class);
    } catch (WorkflowQueryException e) {
      return null;
    }
  }

  private static String failureOf(WorkflowStub stub) {
    try {
      stub.getResult(PipelineResult.class);
      return null;
    } catch (WorkflowFailedException e) {
      Throwable cause = e.getCause();
      return cause instanceof TemporalFailure temporal ? temporal.getOriginalMessage() : String.valueOf(cause);
    }
  }

  private static String statusName(WorkflowExecutionStatus status) {
    String name = status.name().replace("WORKFLOW_EXECUTION_STATUS_", "");
    return name.equals("CANCELED") ? "CANCELLED" : name;
  }
}
