package dev.chorus.gateway;

import dev.chorus.definition.CapabilitySchemas;
import dev.chorus.definition.DefinitionCatalog;
import dev.chorus.definition.PipelineReferences;
import dev.chorus.definition.RunInputs;
import dev.chorus.pipeline.DispatchMode;
import dev.chorus.pipeline.PipelineResult;
import dev.chorus.pipeline.PipelineRun;
import dev.chorus.pipeline.PipelineWorkflow;
import dev.chorus.pipeline.RunLimits;
import dev.chorus.pipeline.RunSearchAttributes;
import dev.chorus.pipeline.RunState;
import dev.chorus.pipeline.RunSummaries;
import dev.chorus.pipeline.TaskQueues;
import dev.chorus.pipeline.model.PipelineDefinition;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowQueryException;
import io.temporal.client.WorkflowServiceException;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributes;
import io.temporal.failure.TemporalFailure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts runs, signals, cancels and terminates them, and reads their state through the Temporal
 * client.
 */
class RunService {

  private static final Logger log = LoggerFactory.getLogger(RunService.class);

  private final WorkflowClient client;
  private final DefinitionCatalog catalog;
  private final PipelineReferences references;
  private final CapabilitySchemas capabilitySchemas;
  private final TemporalUiLinks links;
  private final DispatchMode dispatch;
  private final RunLimits limits;
  private final ClosedRunReplay replay;

  RunService(
      WorkflowClient client,
      DefinitionCatalog catalog,
      PipelineReferences references,
      CapabilitySchemas capabilitySchemas,
      TemporalUiLinks links,
      DispatchMode dispatch,
      RunLimits limits) {
    this.client = client;
    this.catalog = catalog;
    this.references = references;
    this.capabilitySchemas = capabilitySchemas;
    this.links = links;
    this.dispatch = dispatch;
    this.limits = limits;
    this.replay = new ClosedRunReplay(client);
  }

  /**
   * Result of a start: the run, and whether this request created it or found it already started.
   */
  record Started(RunView run, boolean created) {}

  Started start(String pipelineName, StartRunRequest request) {
    Ids.require("pipeline", pipelineName);
    if (request == null || request.input() == null) {
      throw new InvalidRequestException("input", "is required and must be a JSON object");
    }
    PipelineDefinition definition =
        catalog
            .find(pipelineName, request.version())
            .orElseThrow(
                () ->
                    new NotFoundException(
                        "no pipeline named '"
                            + pipelineName
                            + "'"
                            + (request.version() == null
                                ? ""
                                : " with version " + request.version())));
    RunInputs.check(definition, request.input());
    // Agents may have registered, or published other schemas, since the definition was.
    capabilitySchemas.checkRun(definition);
    String runId =
        request.runId() == null
            ? pipelineName + "-" + UUID.randomUUID()
            : Ids.require("runId", request.runId());
    StartFingerprint fingerprint = StartFingerprint.of(pipelineName, request.input());
    WorkflowOptions options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(runId)
            .setStaticSummary(RunSummaries.of(definition))
            .setTaskQueue(TaskQueues.PIPELINES)
            // A caller retrying with the same run id finds the run it started, even after it ended.
            .setWorkflowIdReusePolicy(
                WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
            .setTypedSearchAttributes(
                SearchAttributes.newBuilder()
                    .set(RunSearchAttributes.PIPELINE, pipelineName)
                    .build())
            .setMemo(fingerprint.memo(definition.version()))
            .build();
    PipelineWorkflow workflow = client.newWorkflowStub(PipelineWorkflow.class, options);
    try {
      // Children are pinned now, with the parent, so the whole run keeps the definitions it started
      // with.
      PipelineRun run =
          PipelineRun.of(definition, request.input(), references.pin(definition))
              .dispatchingBy(dispatch)
              .limitedBy(limits);
      TemporalErrors.run(noSuchRun(runId), "runId", () -> WorkflowClient.start(workflow::run, run));
      // Without the state query: a just-started run has no steps yet, and a busy worker must not
      // hold up the answer.
      return new Started(
          view(runId, stub(runId), false).of(pipelineName, definition.version()), true);
    } catch (WorkflowExecutionAlreadyStarted alreadyStarted) {
      WorkflowStub stub = stub(runId);
      WorkflowExecutionDescription description = described(runId, stub);
      if (!fingerprint.equals(fingerprintOf(description))) {
        throw new ConflictException(
            "run id '"
                + runId
                + "' is taken by a run of another pipeline or with another input; pick another"
                + " runId, or send the same pipeline and input to get that run");
      }
      return new Started(view(runId, stub, description, true), false);
    }
  }

  /** What the run was started with; null for a run started without the gateway. */
  private static StartFingerprint fingerprintOf(WorkflowExecutionDescription description) {
    Object pipeline = description.getMemo(StartFingerprint.PIPELINE, String.class);
    Object input = description.getMemo(StartFingerprint.INPUT, String.class);
    return pipeline == null || input == null
        ? null
        : new StartFingerprint((String) pipeline, (String) input);
  }

  void signal(String runId, String signal, Map<String, Object> payload) {
    if (PipelineWorkflow.REPLY_SIGNAL.equals(signal)) {
      throw new InvalidRequestException("signal", "'reply' is reserved for agents' replies");
    }
    Ids.require("signal", signal);
    WorkflowStub stub = running(runId);
    whileRunning(runId, () -> stub.signal(signal, payload));
  }

  /** Asks the run to stop; the workflow compensates what it completed before it ends. */
  void cancel(String runId) {
    WorkflowStub stub = running(runId);
    whileRunning(runId, stub::cancel);
  }

  /** Ends the run at once: no compensation, no further steps. */
  void terminate(String runId, String reason) {
    WorkflowStub stub = running(runId);
    whileRunning(runId, () -> stub.terminate(reason));
  }

  /** The run once it has ended, or as it stands when {@code timeout} passes first. */
  RunView awaitResult(String runId, Duration timeout) {
    WorkflowStub stub = stub(runId);
    try {
      stub.getResult(timeout.toMillis(), TimeUnit.MILLISECONDS, PipelineResult.class);
    } catch (TimeoutException stillRunning) {
      // The caller asks again; the view below says RUNNING.
    } catch (WorkflowException endedOrUnknown) {
      // Failed, cancelled or terminated, or no such run: the view below says which.
    }
    return view(runId, stub, true);
  }

  RunView describe(String runId) {
    return view(runId, stub(runId), true);
  }

  /** The run's status alone: no state query, so no worker is asked. */
  String status(String runId) {
    return view(runId, stub(runId), false).status();
  }

  /** The run as it stands, from its one description of this request. */
  private RunView view(String runId, WorkflowStub stub, boolean withState) {
    return view(runId, stub, described(runId, stub), withState);
  }

  private RunView view(
      String runId,
      WorkflowStub stub,
      WorkflowExecutionDescription description,
      boolean withState) {
    WorkflowExecutionStatus execution = description.getStatus();
    String temporalRunId = description.getExecution().getRunId();
    RunState state = withState ? stateOf(runId, temporalRunId, stub, execution) : null;
    PipelineResult result = null;
    String failure = null;
    if (execution == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED) {
      result =
          TemporalErrors.call(
              noSuchRun(runId), "runId", () -> stub.getResult(PipelineResult.class));
    } else if (execution == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED) {
      failure = TemporalErrors.call(noSuchRun(runId), "runId", () -> failureOf(stub));
    }
    String recorded =
        result != null && result.status() != null
            ? result.status().name()
            : state != null && state.status() != null
                ? state.status().name()
                : description.getTypedSearchAttributes().get(RunSearchAttributes.STATUS);
    return new RunView(
        runId,
        runId,
        temporalRunId,
        state == null
            ? description.getTypedSearchAttributes().get(RunSearchAttributes.PIPELINE)
            : state.pipeline(),
        state == null ? versionOf(description) : state.version(),
        RunStatuses.of(execution, recorded),
        state == null ? null : state.currentStep(),
        state == null ? List.of() : state.steps(),
        result == null ? null : result.outputs(),
        failure,
        state == null ? List.of() : state.compensated(),
        state == null ? List.of() : state.compensationFailures(),
        state == null ? 0 : state.continuedAsNew(),
        links.run(runId));
  }

  /** The version the gateway recorded at the start; 0 for a run started without it. */
  private static int versionOf(WorkflowExecutionDescription description) {
    Object version = description.getMemo(StartFingerprint.VERSION, Integer.class);
    return version instanceof Integer v ? v : 0;
  }

  /**
   * A run that is still running; signalling or stopping one that has ended is a conflict, not a
   * server error.
   */
  private WorkflowStub running(String runId) {
    WorkflowStub stub = stub(runId);
    WorkflowExecutionStatus status = described(runId, stub).getStatus();
    if (status != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      throw new ConflictException(
          "run '" + runId + "' has already ended as " + RunStatuses.temporal(status));
    }
    return stub;
  }

  /** The run may end between the check and the call. */
  private static void whileRunning(String runId, Runnable call) {
    try {
      TemporalErrors.run("run '" + runId + "' has already ended", "runId", call);
    } catch (NotFoundException e) {
      throw new ConflictException(e.getMessage());
    }
  }

  private WorkflowStub stub(String runId) {
    return client.newUntypedWorkflowStub(Ids.requireRun("runId", runId));
  }

  private static WorkflowExecutionDescription described(String runId, WorkflowStub stub) {
    return TemporalErrors.call(noSuchRun(runId), "runId", stub::describe);
  }

  private static String noSuchRun(String runId) {
    return "no run with id '" + runId + "'";
  }

  /**
   * The run's step-by-step state, or null when no worker can answer the query right now (none
   * polls, or all are busy). A run Temporal ended without its code cannot be queried (see {@link
   * ClosedRunReplay}); its state is rebuilt from its history here.
   */
  private RunState stateOf(
      String runId, String temporalRunId, WorkflowStub stub, WorkflowExecutionStatus execution) {
    if (execution == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED
        || execution == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TIMED_OUT) {
      try {
        return replay.state(runId, temporalRunId);
      } catch (Exception e) {
        log.warn("state of run {} could not be rebuilt from its history", runId, e);
        return null;
      }
    }
    try {
      return stub.query(PipelineWorkflow.STATE_QUERY, RunState.class);
    } catch (WorkflowQueryException | WorkflowServiceException e) {
      return null;
    }
  }

  private static String failureOf(WorkflowStub stub) {
    try {
      stub.getResult(PipelineResult.class);
      return null;
    } catch (WorkflowFailedException e) {
      Throwable cause = e.getCause();
      return cause instanceof TemporalFailure temporal
          ? temporal.getOriginalMessage()
          : String.valueOf(cause);
    }
  }
}
