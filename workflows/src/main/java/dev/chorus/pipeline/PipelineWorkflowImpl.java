package dev.chorus.pipeline;

import io.temporal.activity.ActivityOptions;
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

  /** Marks runs whose dispatch routes by version and returns {@link Dispatched}. */
  static final String ROUTING_CHANGE = "registry-routing";

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

    boolean routed = Workflow.getVersion(ROUTING_CHANGE, Workflow.DEFAULT_VERSION, 1) != Workflow.DEFAULT_VERSION;
    AgentStep agentStep = new AgentStep(routed, inbox, progress, workflowId, taskIdPrefix);
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

  /**
   * Dispatch is a routing decision and one XADD. It is retried while Redis is away (for up to five
   * minutes) and, on top of that, while no agent matches the step (up to {@code waitForAgent}); the
   * step's own timeout, not this, decides when an agent is too slow.
   */
  static ActivityOptions dispatchOptions(Duration waitForAgent) {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofSeconds(10))
        // Retried while Redis is away or the capability's backlog is full (backpressure), for up to an
        // hour beyond the wait for an agent; the step's own timeout decides when an agent is too slow.
        .setScheduleToCloseTimeout(Duration.ofHours(1).plus(waitForAgent))
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofMillis(200))
                .setBackoffCoefficient(2)
                // Short, so a refused dispatch finds room soon after the agents drain the backlog.
                .setMaximumInterval(Duration.ofSeconds(2))
                .build())
        .build();
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
