package dev.chorus.push;

import dev.chorus.protocol.AgentRegistration;
import java.net.URI;
import java.util.Map;

/**
 * One capability served over HTTP: the deliverer reads its task stream and posts each task to
 * {@code url}.
 *
 * @param capability the capability whose tasks are delivered
 * @param version the agent's semantic version, registered on its behalf; its major picks the task
 *     stream
 * @param url where tasks are posted, e.g. {@code http://stats.agents.svc/tasks}
 * @param maxInFlight most requests in flight at once; no more tasks are read until one is answered
 * @param agentId the deliverer's consumer name in the capability's group and the registry entry it
 *     holds for the agent; stable per instance, so a restarted deliverer finds its pending tasks
 */
public record PushEndpoint(
    String capability, String version, URI url, int maxInFlight, String agentId) {

  public PushEndpoint {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException(
          "max in flight of " + capability + " must be at least 1, was " + maxInFlight);
    }
    if (url == null || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
      throw new IllegalArgumentException("endpoint of " + capability + " must be an http(s) URL");
    }
  }

  /** What the registry learns about the agent: it serves {@code maxInFlight} tasks at once. */
  AgentRegistration registration() {
    return new AgentRegistration(agentId, capability, version, maxInFlight, Map.of(), false);
  }
}
