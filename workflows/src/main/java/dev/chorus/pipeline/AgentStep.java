package dev.chorus.pipeline;

import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Runs one agent step inside the workflow: dispatch, wait for the reply signal, dispatch again on
 * timeout or retryable error. Waiting uses Temporal timers ({@link Workflow#await(Duration,
 * java.util.function.Supplier)}), so a run that waits survives any process crash.
 */
final class AgentStep {

  /** Failure type of a step that ran out of attempts or met a non-retryable agent error. */
  static final String STEP_FAILED = "StepFailed";

  private final boolean routed;
  private final ReplyInbox inbox;
  private final RunProgress progress;
  private final String workflowId;
  private final String taskIdPrefix;

  /**
   * @param routed false when replaying a run recorded before dispatch routed by version, whose
   *     dispatch result is a bare stream entry id
   */
  AgentStep(boolean routed, ReplyInbox inbox, RunProgress progress, String workflowId, String taskIdPrefix) {
    this.routed = routed;
    this.inbox = inbox;
    this.progress = progress;
    this.workflowId = workflowId;
    this.taskIdPrefix = taskIdPrefix;
  }

  Map<String, Object> execute(StepDefinition step, Map<String, Object> input) {
    String taskId = taskIdPrefix + step.name();
    inbox.expect(taskId);
    String pinnedVersion = null;
    for (int attempt = 1; attempt <= step.maxAttempts(); attempt++) {
      // Workflow time, not the system clock: the same value comes back when the history is replayed.
      long deadline = Workflow.currentTimeMillis() + step.timeout().toMillis();
      progress.dispatched(step.name(), attempt, Workflow.currentTimeMillis());
      AgentTask task = new AgentTask(taskId, taskId + "#" + attempt, workflowId, step.name(), step.capability(), attempt,
          deadline, input, step.versionRange(), step.labels(), pinnedVersion, step.agentWaitBound());
      // The first resolution sticks: the router hands a pinned version back unchanged.
      pinnedVersion = dispatch(step, task).version();

      Optional<AgentReply> reply = awaitReply(taskId, Duration.ofMillis(Math.max(1, deadline - Workflow.currentTimeMillis())));
      if (reply.isEmpty()) {
        progress.retrying(step.name(), "no reply within " + step.timeout() + " (attempt " + attempt + ")");
      }
      while (reply.isPresent()) {
        if (reply.get().ok()) {
          inbox.settle(taskId);
          progress.completed(step.name(), reply.get(), Workflow.currentTimeMillis());
          return reply.get().output();
        }
        if (!reply.get().retryable()) {
          throw fail(step, taskId, "agent " + reply.get().agentId() + " failed it: " + reply.get().error());
        }
        progress.retrying(step.name(), reply.get().error());
        if (attempt >= step.maxAttempts()) {
          break;
        }
        // A late answer to an earlier dispatch (e.g. a dead letter an operator re-drove) ends the
        // back-off and is taken instead of dispatching again.
        reply = awaitReply(taskId, step.retryBackoff());
      }
    }
    throw fail(step, taskId, "no successful reply after " + step.maxAttempts() + " attempts");
  }

  private Dispatched dispatch(StepDefinition step, AgentTask task) {
    ActivityOptions options = PipelineWorkflowImpl.dispatchOptions(step.agentWaitBound());
    if (!routed) {
      String entryId = Workflow.newUntypedActivityStub(options).execute("Dispatch", String.class, task);
      return new Dispatched(entryId, null, null);
    }
    try {
      return Workflow.newActivityStub(DispatchActivities.class, options).dispatch(task);
    } catch (ActivityFailure failure) {
      // No matching agent in time, a requirement or input that cannot be sent: the step fails with why.
      if (failure.getCause() instanceof ApplicationFailure cause && cause.isNonRetryable()) {
        throw fail(step, task.taskId(), cause.getOriginalMessage());
      }
      throw failure;
    }
  }

  /** Waits on a Temporal timer for the step's reply signal. */
  private Optional<AgentReply> awaitReply(String taskId, Duration timeout) {
    return Workflow.await(timeout, () -> inbox.hasReply(taskId)) ? inbox.take(taskId) : Optional.empty();
  }

  private ApplicationFailure fail(StepDefinition step, String taskId, String why) {
    inbox.settle(taskId);
    String message = "step '" + step.name() + "' (" + step.capability() + "): " + why;
    progress.failed(step.name(), message, Workflow.currentTimeMillis());
    return ApplicationFailure.newNonRetryableFailure(message, STEP_FAILED);
  }
}
