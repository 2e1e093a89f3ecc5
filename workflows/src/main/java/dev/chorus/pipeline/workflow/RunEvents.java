package dev.chorus.pipeline.workflow;

import dev.chorus.pipeline.AgentReply;
import dev.chorus.pipeline.DispatchMode;
import dev.chorus.pipeline.RunEvent;
import dev.chorus.pipeline.RunEventActivities;
import dev.chorus.pipeline.RunStatus;
import dev.chorus.pipeline.StepStatus;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * Publishes a run's lifecycle events on the events stream, the way the run dispatches its steps: a
 * run that dispatches through local activities publishes through one too (no activity task and no
 * extra workflow task per step), others through an ordinary activity. Events are told, not awaited
 * by anyone: one that cannot be published after a few tries is logged and the run goes on.
 */
final class RunEvents implements AgentCallListener {

  /** Marks runs that publish events; histories recorded before it replay without them. */
  static final String CHANGE = "run-events";

  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final RetryOptions RETRY = RetryOptions.newBuilder().setMaximumAttempts(3).build();

  private final DispatchMode mode;
  private final boolean enabled;
  private final boolean summarised;
  private final String runId;
  private final String pipeline;

  RunEvents(String pipeline, DispatchMode mode) {
    this.mode = mode;
    // Deterministic on replay: the version marker is in the history of every run that publishes.
    this.enabled = Workflow.getVersion(CHANGE, Workflow.DEFAULT_VERSION, 1) == 1;
    this.summarised = OperatorTruth.applies();
    this.runId = Workflow.getInfo().getWorkflowId();
    this.pipeline = pipeline;
  }

  void started() {
    publish(RunEvent.RUN_STARTED, null, RunStatus.RUNNING.name(), null);
  }

  void finished(RunStatus status, String detail) {
    publish(RunEvent.RUN_FINISHED, null, status.name(), detail);
  }

  @Override
  public void completed(String step, AgentReply reply, long nowMillis) {
    publish(RunEvent.STEP_FINISHED, step, StepStatus.COMPLETED.name(), null);
  }

  @Override
  public void failed(String step, String why, long nowMillis) {
    publish(RunEvent.STEP_FINISHED, step, StepStatus.FAILED.name(), why);
  }

  /** Creating a stub records nothing in history; only a call does, as an activity or a marker. */
  private RunEventActivities stub(String summary) {
    return mode == DispatchMode.LOCAL_ACTIVITY
        ? Workflow.newLocalActivityStub(
            RunEventActivities.class,
            LocalActivityOptions.newBuilder()
                .setStartToCloseTimeout(TIMEOUT)
                .setRetryOptions(RETRY)
                .setSummary(summary)
                .build())
        : Workflow.newActivityStub(
            RunEventActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(TIMEOUT)
                .setRetryOptions(RETRY)
                .setSummary(summary)
                .build());
  }

  private void publish(String type, String step, String status, String detail) {
    if (!enabled) {
      return;
    }
    RunEvent event =
        new RunEvent(type, runId, pipeline, step, status, Workflow.currentTimeMillis(), detail);
    RunEventActivities activities =
        stub(summarised ? type + (step == null ? "" : " " + step) + " " + status : null);
    // Detached: a cancelled run still tells the world it finished.
    Workflow.newDetachedCancellationScope(
            () -> {
              try {
                activities.publish(event);
              } catch (ActivityFailure unpublished) {
                Workflow.getLogger(RunEvents.class)
                    .warn(
                        "run event {} of {} not published: {}",
                        type,
                        runId,
                        unpublished.getMessage());
              }
            })
        .run();
  }
}
