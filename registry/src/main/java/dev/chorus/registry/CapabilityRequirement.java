package dev.chorus.registry;

import dev.chorus.protocol.Capabilities;
import java.util.List;

/**
 * What a step asks of an agent: a capability, a range of its versions, and conditions on labels.
 *
 * @param capability e.g. {@code text.keywords}
 * @param versions e.g. {@code ^2.1}
 * @param labels all must hold
 */
public record CapabilityRequirement(
    String capability, VersionRange versions, List<LabelConstraint> labels) {

  public CapabilityRequirement {
    Capabilities.requireValidName(capability);
    labels = List.copyOf(labels);
  }

  /** Parses a step's requirement; a null or blank range means any version. */
  public static CapabilityRequirement parse(
      String capability, String versionRange, List<String> labels) {
    VersionRange versions =
        versionRange == null || versionRange.isBlank()
            ? VersionRange.ANY
            : VersionRange.parse(versionRange);
    List<LabelConstraint> constraints =
        labels == null ? List.of() : labels.stream().map(LabelConstraint::parse).toList();
    return new CapabilityRequirement(capability, versions, constraints);
  }

  public boolean accepts(RegisteredAgent agent) {
    return agent.registration().capability().equals(capability)
        && versions.matches(agent.version())
        && labels.stream()
            .allMatch(constraint -> constraint.matches(agent.registration().labels()));
  }

  @Override
  public String toString() {
    return capability + " " + versions + (labels.isEmpty() ? "" : " " + labels);
  }
}
