package dev.chorus.pipeline;

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

  private final DispatchActivities dispatcher;
  private final ReplyInbox inbox;
  private final RunProgress progress;
  private final String workflowId;
  private final String taskIdPrefix;

  AgentStep(DispatchActivities dispatcher, ReplyInbox inbox, RunProgress progress, String workflowId, String taskIdPrefix) {
    this.dispatcher = dispatcher;
    this.inbox = inbox;
    this.progress = progress;
    this.workflowId = workflowId;
    this.taskIdPrefix = taskIdPrefix;
  }

  Map<String, Object> execute(StepDefinition step, Map<String, Object> input) {
    String taskId = taskIdPrefix + step.name();
    inbox.expect(taskId);
    for (int attempt = 1; ; attempt++) {
      // Workflow time, not the system clock: the same value comes back when the history is replayed.
      long deadline = Workflow.currentTimeMillis() + step.timeout().toMillis();
      progress.dispatched(step.name(), attempt, Workflow.currentTimeMillis());
      dispatcher.dispatch(
          new AgentTask(taskId, taskId + "#" + attempt, workflowId, step.name(), step.capability(), attempt, deadline, input));

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
          throw fail(step, taskId, "no successful reply after " + attempt + " attempts; last error: " + reply.get().error());
        }
        // A late answer to an earlier dispatch (e.g. a dead-lettered task an operator re-drove)
        // ends the back-off and is used instead of dispatching again.
        reply = awaitReply(taskId, step.retryBackoff());
      }
      if (attempt >= step.maxAttempts()) {
        throw fail(step, taskId, "no successful reply after " + attempt + " attempts");
      }
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
