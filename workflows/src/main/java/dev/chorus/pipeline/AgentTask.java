package dev.chorus.pipeline;

import java.util.Map;

/**
 * One dispatch of a step to its capability's stream.
 *
 * @param taskId the step's idempotency key, the same for every dispatch of it
 * @param dispatchId this dispatch, unique within the run
 * @param deadlineMillis when the workflow stops waiting for this dispatch (workflow time)
 */
public record AgentTask(
    String taskId,
    String dispatchId,
    String workflowId,
    String step,
    String capability,
    int attempt,
    long deadlineMillis,
    Map<String, Object> input) {}
