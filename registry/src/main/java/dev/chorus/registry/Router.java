package dev.chorus.registry;

import dev.chorus.protocol.Streams;
import org.semver4j.Semver;

/**
 * Picks the stream for a step: that of the highest version that meets the step's requirement and
 * has a healthy agent. A step already dispatched keeps the version it resolved first, so an upgrade
 * during a run does not change what answers it.
 */
public class Router {

  private final RegistrySource registry;

  public Router(RegistrySource registry) {
    this.registry = registry;
  }

  /**
   * @param pinnedVersion the version this step resolved on its first dispatch, or null on the first
   * @throws NoAgentException when no healthy agent meets the requirement (within the pinned major)
   */
  public Route route(CapabilityRequirement requirement, String pinnedVersion) {
    RegistrySnapshot snapshot = registry.snapshot();
    Integer major = pinnedVersion == null ? null : Semver.parse(pinnedVersion).getMajor();
    RegisteredAgent agent =
        snapshot
            .best(requirement, major)
            .orElseThrow(
                () ->
                    new NoAgentException(
                        "no healthy agent for "
                            + requirement
                            + (pinnedVersion == null ? "" : " pinned to " + pinnedVersion)
                            + "; "
                            + snapshot.describe(requirement.capability())));
    String version = pinnedVersion == null ? agent.registration().version() : pinnedVersion;
    return new Route(version, Streams.tasks(requirement.capability(), agent.version().getMajor()));
  }
}
