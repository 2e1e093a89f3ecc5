package dev.chorus.registry;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.semver4j.Semver;

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

  /**
   * The schemas of the highest registered version that meets the requirement, draining agents
   * included (they are what answered so far): checks describe what routing would pick, not one
   * agent. Each schema is taken only when every agent of that version that publishes it publishes
   * the same text; agents of one version that disagree (a redeploy under the same version) leave it
   * unknown, so that neither refuses a definition the other accepts.
   */
  public PublishedSchemas schemas(CapabilityRequirement requirement) {
    Optional<Semver> highest =
        agents.stream()
            .filter(requirement::accepts)
            .map(RegisteredAgent::version)
            .max(Comparator.naturalOrder());
    if (highest.isEmpty()) {
      return PublishedSchemas.NONE;
    }
    List<PublishedSchemas> published =
        agents.stream()
            .filter(requirement::accepts)
            .filter(agent -> agent.version().equals(highest.get()))
            .map(RegisteredAgent::schemas)
            .toList();
    return new PublishedSchemas(
        agreed(published, PublishedSchemas::input), agreed(published, PublishedSchemas::output));
  }

  private static String agreed(
      List<PublishedSchemas> published, Function<PublishedSchemas, String> which) {
    Set<String> texts =
        published.stream().map(which).filter(Objects::nonNull).collect(Collectors.toSet());
    return texts.size() == 1 ? texts.iterator().next() : null;
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
