package dev.chorus.pipeline.model;

import java.util.List;
import java.util.Map;

/**
 * A pipeline as data: what the YAML or JSON document says, validated before it is stored.
 *
 * @param version a positive number; the store keeps every version, a run pins the one it started
 *     with
 * @param inputSchema optional JSON Schema the run's input must satisfy
 */
public record PipelineDefinition(
    String name, int version, Map<String, Object> inputSchema, List<Step> steps) {

  public PipelineDefinition {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a pipeline needs a name");
    }
    if (steps == null || steps.isEmpty()) {
      throw new IllegalArgumentException("pipeline '" + name + "' needs at least one step");
    }
    version = Math.max(version, 1);
    steps = List.copyOf(steps);
  }

  public String reference() {
    return name + "@" + version;
  }
}
