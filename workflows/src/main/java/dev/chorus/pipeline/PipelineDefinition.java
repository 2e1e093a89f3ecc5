package dev.chorus.pipeline;

import java.util.List;

/** A named sequence of agent steps. */
public record PipelineDefinition(String name, List<StepDefinition> steps) {

  public PipelineDefinition {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a pipeline needs a name");
    }
    if (steps == null || steps.isEmpty()) {
      throw new IllegalArgumentException("pipeline '" + name + "' needs at least one step");
    }
    steps = List.copyOf(steps);
    long distinct = steps.stream().map(StepDefinition::name).distinct().count();
    if (distinct != steps.size()) {
      throw new IllegalArgumentException("pipeline '" + name + "' has two steps with the same name");
    }
  }
}
