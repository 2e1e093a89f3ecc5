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
import io.temporal.workflow.Async;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Publishes a run's lifecycle events on the events stream, the way the run dispatches its steps: a
 * run that dispatches through local activities publishes through one too (no activity task and no
 * extra workflow task per step), others through an ordinary activity. Events are told, not awaited
 * by anyone: one that cannot be published after a few tries is logged and the run goes on.
 *
 * <p>With {@link LeanHistory} an event is held until the run's code next stops to wait: the
 * dispatch that usually comes next tells it inside its own activity ({@link #take()}), the run's
 * last event takes it along, and when the run waits on anything else first, a workflow thread of
 * its own publishes it then, in the same workflow task. The stream tells the same events in the
 * same order, with one activity (a marker in history) fewer for each.
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
  private final boolean held;
  private final List<RunEvent> pending = new ArrayList<>();
  private boolean publisherStarted;

  RunEvents(String pipeline, DispatchMode mode) {
    this.mode = mode;
    // Deterministic on replay: a version marker is in the history of every run that publishes.
    this.held = LeanHistory.applies();
    this.enabled = held || Workflow.getVersion(CHANGE, Workflow.DEFAULT_VERSION, 1) == 1;
    this.summarised = held || OperatorTruth.applies();
    this.runId = Workflow.getInfo().getWorkflowId();
    this.pipeline = pipeline;
  }

  void started() {
    tell(RunEvent.RUN_STARTED, null, RunStatus.RUNNING.name(), null);
  }

  void finished(RunStatus status, String detail) {
    tell(RunEvent.RUN_FINISHED, null, status.name(), detail);
    flush();
  }

  /** The events held for the next dispatch to tell; none unless {@link LeanHistory} applies. */
  List<RunEvent> take() {
    List<RunEvent> taken = List.copyOf(pending);
    pending.clear();
    return taken;
  }

  /**
   * Holds {@code taken} again, ahead of anything held since, e.g. after its dispatch was cancelled.
   */
  void holdAgain(List<RunEvent> taken) {
    pending.addAll(0, taken);
  }

  /** Publishes what is held now, e.g. before the run continues as new. */
  void flush() {
    if (!pending.isEmpty()) {
      publish(take());
    }
  }

  @Override
  public void completed(String step, AgentReply reply, long nowMillis) {
    tell(RunEvent.STEP_FINISHED, step, StepStatus.COMPLETED.name(), null);
  }

  @Override
  public void failed(String step, String why, long nowMillis) {
    tell(RunEvent.STEP_FINISHED, step, StepStatus.FAILED.name(), why);
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

  private void tell(String type, String step, String status, String detail) {
    if (!enabled) {
      return;
    }
    RunEvent event =
        new RunEvent(type, runId, pipeline, step, status, Workflow.currentTimeMillis(), detail);
    if (!held) {
      publish(event, summarised ? summary(event) : null);
      return;
    }
    pending.add(event);
    if (!publisherStarted) {
      publisherStarted = true;
      // Runs only once every other thread of the run waits, so a dispatch decided in the same
      // step of the run's code takes the events first. Detached: a cancelled run still tells.
      Workflow.newDetachedCancellationScope(
              () ->
                  Async.procedure(
                      () -> {
                        while (true) {
                          Workflow.await(() -> !pending.isEmpty());
                          flush();
                        }
                      }))
          .run();
    }
  }

  private void publish(List<RunEvent> events) {
    String summary = String.join(", ", events.stream().map(RunEvents::summary).toList());
    detached(events.get(0).type(), () -> stub(summary).publishAll(events));
  }

  private void publish(RunEvent event, String summary) {
    detached(event.type(), () -> stub(summary).publish(event));
  }

  static String summary(RunEvent event) {
    return event.type() + (event.step() == null ? "" : " " + event.step()) + " " + event.status();
  }

  private void detached(String type, Runnable publication) {
    // Detached: a cancelled run still tells the world it finished.
    Workflow.newDetachedCancellationScope(
            () -> {
              try {
                publication.run();
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
