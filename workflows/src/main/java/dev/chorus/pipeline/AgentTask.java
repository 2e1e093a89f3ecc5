package dev.chorus.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One dispatch of a step to its capability's stream.
 *
 * @param taskId the step's idempotency key, the same for every dispatch of it
 * @param dispatchId this dispatch, unique within the run
 * @param deadlineMillis when the workflow stops waiting for this dispatch (workflow time)
 * @param versionRange the versions of the capability that may answer
 * @param labels conditions on the answering agent's labels
 * @param pinnedVersion the version this step resolved on its first dispatch; null on the first, so
 *     every re-dispatch goes where the first went
 * @param waitForAgent how long dispatch keeps trying while no healthy agent matches; zero fails at
 *     once
 */
public record AgentTask(
    String taskId,
    String dispatchId,
    String workflowId,
    String step,
    String capability,
    int attempt,
    long deadlineMillis,
    Map<String, Object> input,
    String versionRange,
    List<String> labels,
    String pinnedVersion,
    Duration waitForAgent) {

  public AgentTask {
    versionRange = versionRange == null ? "*" : versionRange;
    labels = labels == null ? List.of() : List.copyOf(labels);
  }
}
