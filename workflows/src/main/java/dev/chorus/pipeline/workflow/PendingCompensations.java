package dev.chorus.pipeline.workflow;

import dev.chorus.pipeline.Resume.PendingCompensation;
import dev.chorus.pipeline.model.AgentStep;
import dev.chorus.pipeline.model.PipelineDefinition;
import dev.chorus.pipeline.model.StepTree;
import java.util.List;
import java.util.Map;

/**
 * Compensations as they travel between runs: to a run's continuation ({@code Resume}) and from a
 * completed child to its parent ({@code PipelineResult}). Each names its step in the definition it
 * came from, so the undo call is rebuilt from the pinned definitions alone.
 */
final class PendingCompensations {

  private PendingCompensations() {}

  static List<PendingCompensation> of(Agents agents) {
    return agents.compensations().stream()
        .map(
            c ->
                new PendingCompensation(
                    c.options().step(), stepName(c.options().step()), c.input(), c.pipeline()))
        .toList();
  }

  /**
   * The undo call of {@code c} under the step key {@code key}, found in {@code own} or, for a
   * child's step, in the library.
   */
  static AgentCallOptions options(
      String key,
      PendingCompensation c,
      PipelineDefinition own,
      Map<String, PipelineDefinition> library) {
    PipelineDefinition definition = c.pipeline() == null ? own : library.get(c.pipeline());
    AgentStep step = (AgentStep) StepTree.find(definition.steps(), c.step()).orElseThrow();
    return AgentOptions.of(key, step);
  }

  private static String stepName(String key) {
    return key.substring(key.lastIndexOf('/') + 1);
  }
}
