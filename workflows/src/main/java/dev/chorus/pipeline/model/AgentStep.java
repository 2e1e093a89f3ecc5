package dev.chorus.pipeline.model;

import java.util.List;
import java.util.Map;

/**
 * Calls an agent by capability.
 *
 * @param version semver range of acceptable agent versions, passed on to routing ({@code *} when
 *     absent)
 * @param labels label selectors passed on to routing
 * @param input the task's input: field name to expression; absent means the run's input as is
 * @param timeout how long one dispatch waits for its reply
 * @param totalTimeout how long all dispatches of the step may take together (none when absent)
 * @param fallback capability called with the same input when this one is exhausted
 * @param compensate capability called to undo this step when the run fails or is cancelled later
 * @param whenNoAgent {@code wait} (default) keeps dispatching while no healthy agent matches, up to
 *     {@code waitForAgent}; {@code fail} fails the step at once, naming what is registered
 * @param waitForAgent how long to wait for a matching agent ({@code 30s} when absent)
 */
@Kind("agent")
public record AgentStep(
    String name,
    String capability,
    String version,
    List<String> labels,
    Map<String, String> input,
    RetryPolicy retry,
    String timeout,
    String totalTimeout,
    String fallback,
    String compensate,
    OnError onError,
    String whenNoAgent,
    String waitForAgent)
    implements Step {

  public AgentStep {
    version = version == null ? "*" : version;
    labels = labels == null ? List.of() : List.copyOf(labels);
    retry = retry == null ? RetryPolicy.DEFAULT : retry;
    timeout = timeout == null ? "30s" : timeout;
    onError = OnError.orFail(onError);
    whenNoAgent = whenNoAgent == null ? "wait" : whenNoAgent;
    waitForAgent = waitForAgent == null ? "30s" : waitForAgent;
  }

  /** A step with every option at its default, given the run's input. */
  public static AgentStep of(String name, String capability) {
    return new AgentStep(
        name, capability, null, null, null, null, null, null, null, null, null, null, null);
  }
}
