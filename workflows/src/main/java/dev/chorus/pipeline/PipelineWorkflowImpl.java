package dev.chorus.pipeline;

import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs a pipeline's steps in order. Workflow code is replayed from history after any crash, so it
 * does no I/O and reads no clock or random source of its own: Redis is reached only through {@link
 * DispatchActivities}, and time only through {@link Workflow}.
 */
public class PipelineWorkflowImpl implements PipelineWorkflow {

  /**
   * Dispatch is one XADD. It is retried while Redis is away (for up to five minutes); the step's own
   * timeout, not this, decides when an agent is too slow.
   */
  static final ActivityOptions DISPATCH_OPTIONS =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(10))
          .setScheduleToCloseTimeout(Duration.ofMinutes(5))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofMillis(200))
                  .setBackoffCoefficient(2)
                  .setMaximumInterval(Duration.ofSeconds(10))
                  .build())
          .build();

  /** The same XADD and the same retries as a local activity (see {@link DispatchMode#LOCAL_ACTIVITY}). */
  static final LocalActivityOptions LOCAL_DISPATCH_OPTIONS =
      LocalActivityOptions.newBuilder()
          .setStartToCloseTimeout(DISPATCH_OPTIONS.getStartToCloseTimeout())
          .setScheduleToCloseTimeout(DISPATCH_OPTIONS.getScheduleToCloseTimeout())
          .setRetryOptions(DISPATCH_OPTIONS.getRetryOptions())
          .build();

  // Creating a stub records nothing in history; only the one the run's dispatch mode picks is used.
  private final DispatchActivities dispatcher = Workflow.newActivityStub(DispatchActivities.class, DISPATCH_OPTIONS);
  private final DispatchActivities localDispatcher =
      Workflow.newLocalActivityStub(DispatchActivities.class, LOCAL_DISPATCH_OPTIONS);
  private final ReplyInbox inbox = new ReplyInbox();
  private RunProgress progress;
  private String taskIdPrefix;

  @Override
  public PipelineResult run(PipelineRun run) {
    PipelineDefinition definition = run.definition();
    // The run id is part of every task id, so replies meant for an earlier run with the same
    // workflow id are told apart from ours. It is read from the start event (first execution run id),
    // which replay sees unchanged; a replayer may give the execution itself a stand-in run id.
    String workflowId = Workflow.getInfo().getWorkflowId();
    taskIdPrefix = workflowId + "/" + Workflow.getInfo().getFirstExecutionRunId() + "/";
    progress = new RunProgress(definition);
    Workflow.upsertTypedSearchAttributes(RunSearchAttributes.STATUS.valueSet(RunStatus.RUNNING.name()));

    DispatchActivities dispatch = run.dispatch() == DispatchMode.LOCAL_ACTIVITY ? localDispatcher : dispatcher;
    AgentStep agentStep = new AgentStep(dispatch, inbox, progress, workflowId, taskIdPrefix);
    // Ordered map: the result lists outputs in step order, identically on every replay.
    Map<String, Map<String, Object>> outputs = new LinkedHashMap<>();
    try {
      for (StepDefinition step : definition.steps()) {
        Workflow.upsertTypedSearchAttributes(RunSearchAttributes.STEP.valueSet(step.name()));
        outputs.put(step.name(), agentStep.execute(step, run.input()));
      }
    } catch (ApplicationFailure failure) {
      finish(RunStatus.FAILED);
      throw failure;
    }
    finish(RunStatus.COMPLETED);
    return new PipelineResult(definition.name(), outputs);
  }

  @Override
  public void reply(AgentReply reply) {
    inbox.offer(reply);
  }

  @Override
  public RunState state() {
    if (progress == null) {
      return null;
    }
    return progress.snapshot(inbox, taskIdPrefix);
  }

  private void finish(RunStatus status) {
    progress.finish(status);
    Workflow.upsertTypedSearchAttributes(
        RunSearchAttributes.STATUS.valueSet(status.name()), RunSearchAttributes.STEP.valueUnset());
  }
}
