package dev.chorus.registry;

import java.util.Map;

/** One registered agent, as GET /api/v1/agents lists it. */
public record AgentView(
    String agentId,
    String capability,
    String version,
    int concurrency,
    Map<String, String> labels,
    String state,
    long leaseExpiresMillis) {

  static AgentView of(RegisteredAgent agent) {
    var registration = agent.registration();
    return new AgentView(
        agent.agentId(),
        registration.capability(),
        registration.version(),
        registration.concurrency(),
        registration.labels(),
        agent.healthy() ? "ready" : "draining",
        agent.leaseExpiresMillis());
  }
}
