package dev.chorus.agent;

/**
 * What an agent may want to know about the task besides its input.
 *
 * @param taskId idempotency key: the same for every delivery of one step of one run
 * @param workflowId the run that asked
 * @param step the step's name in its pipeline
 * @param attempt 1 for the first dispatch, higher when the run dispatched again
 */
public record TaskContext(String taskId, String workflowId, String step, int attempt) {}
