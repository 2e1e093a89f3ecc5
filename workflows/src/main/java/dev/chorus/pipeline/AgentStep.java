package dev.chorus.pipeline;

import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.Map;

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
    for (int attempt = 1; attempt <= step.maxAttempts(); attempt++) {
      // Workflow time, not the system clock: the same value comes back when the history is replayed.
      long deadline = Workflow.currentTimeMillis() + step.timeout().toMillis();
      progress.dispatched(step.name(), attempt, Workflow.currentTimeMillis());
      dispatcher.dispatch(
          new AgentTask(taskId, taskId + "#" + attempt, workflowId, step.name(), step.capability(), attempt, deadline, input));

      Duration left = Duration.ofMillis(Math.max(1, deadline - Workflow.currentTimeMillis()));
      if (!Workflow.await(left, () -> inbox.hasReply(taskId))) {
        progress.retrying(step.name(), "no reply within " + step.timeout() + " (attempt " + attempt + ")");
        continue;
      }
      AgentReply reply = inbox.take(taskId).orElseThrow();
      if (reply.ok()) {
        inbox.settle(taskId);
        progress.completed(step.name(), reply, Workflow.currentTimeMillis());
        return reply.output();
      }
      if (!reply.retryable()) {
        throw fail(step, taskId, "agent " + reply.agentId() + " failed it: " + reply.error());
      }
      progress.retrying(step.name(), reply.error());
      if (attempt < step.maxAttempts()) {
        Workflow.sleep(step.retryBackoff());
      }
    }
    throw fail(step, taskId, "no successful reply after " + step.maxAttempts() + " attempts");
  }

  private ApplicationFailure fail(StepDefinition step, String taskId, String why) {
    inbox.settle(taskId);
    String message = "step '" + step.name() + "' (" + step.capability() + "): " + why;
    progress.failed(step.name(), message, Workflow.currentTimeMillis());
    return ApplicationFailure.newNonRetryableFailure(message, STEP_FAILED);
  }
}
