package dev.chorus.registry;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One capability, as GET /api/v1/capabilities lists it: its limits, when a pause its agents asked
 * for ends (null when it is not paused), and one entry per major version, since each major has its
 * own task stream.
 */
public record CapabilityView(
    String capability, CapabilityLimits limits, Instant pausedUntil, List<Major> majors) {

  /**
   * @param versions the versions registered in this major, highest first
   * @param healthyAgents ids of the agents taking new work
   * @param drainingAgents ids of the agents finishing what they have
   * @param backlog tasks on the stream not yet read by any agent
   * @param pending tasks read by an agent and not yet acknowledged
   * @param scale arrival and completion rates and the replicas the load asks for
   * @param inputSchema the input JSON Schema the major's highest version publishes, or null
   * @param outputSchema the output JSON Schema the major's highest version publishes, or null
   */
  public record Major(
      int major,
      String stream,
      List<String> versions,
      List<String> healthyAgents,
      List<String> drainingAgents,
      long backlog,
      long pending,
      ScaleSignal scale,
      Map<String, Object> inputSchema,
      Map<String, Object> outputSchema) {}
}
