package dev.chorus.registry;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The registry at one moment.
 *
 * @param version the value of the change counter when it was read
 * @param agents every registered agent, in order of agent id
 */
public record RegistrySnapshot(long version, List<RegisteredAgent> agents) {

  public RegistrySnapshot {
    agents = agents.stream().sorted(Comparator.comparing(RegisteredAgent::agentId)).toList();
  }

  /**
   * The healthy agent with the highest version that meets the requirement, within one major when
   * given.
   */
  public Optional<RegisteredAgent> best(CapabilityRequirement requirement, Integer major) {
    return agents.stream()
        .filter(RegisteredAgent::healthy)
        .filter(agent -> major == null || agent.version().getMajor() == major)
        .filter(requirement::accepts)
        .max(Comparator.comparing(RegisteredAgent::version));
  }

  /** Every registered agent of a capability (or all, when none serves it), for error messages. */
  public String describe(String capability) {
    List<RegisteredAgent> serving =
        agents.stream().filter(a -> a.registration().capability().equals(capability)).toList();
    if (!serving.isEmpty()) {
      return "registered for " + capability + ": " + join(serving);
    }
    return "no agent is registered for "
        + capability
        + "; registered: "
        + (agents.isEmpty() ? "none" : join(agents));
  }

  private static String join(List<RegisteredAgent> agents) {
    return agents.stream().map(RegisteredAgent::describe).collect(Collectors.joining(", "));
  }
}
