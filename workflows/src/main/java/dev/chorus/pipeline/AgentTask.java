package dev.chorus.pipeline;

import java.util.List;
import java.util.Map;

/**
 * One dispatch of a step to its capability's stream.
 *
 * @param taskId the step's idempotency key, the same for every dispatch of it
 * @param dispatchId this dispatch, unique within the run
 * @param deadlineMillis when the workflow stops waiting for this dispatch (workflow time)
 * @param versionRange semver range of agent versions the step accepts ({@code *}: any); for routing
 * @param labels label selectors the answering agent must satisfy; for routing
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
    List<String> labels) {

  public AgentTask {
    versionRange = versionRange == null ? "*" : versionRange;
    labels = labels == null ? List.of() : List.copyOf(labels);
  }
}
