package dev.chorus.pipeline.model;

import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/** Walks a definition's steps depth-first, in document order. */
public final class StepTree {

  private StepTree() {}

  /**
   * Calls {@code visit} with every step and its capability (null for steps that are not agent
   * steps).
   */
  public static void walk(List<Step> steps, BiConsumer<Step, String> visit) {
    for (Step step : steps) {
      visit.accept(step, step instanceof AgentStep agent ? agent.capability() : null);
      children(step).forEach(inner -> walk(inner, visit));
    }
  }

  /** The step sequences directly inside {@code step}. */
  public static List<List<Step>> children(Step step) {
    if (step instanceof ParallelStep parallel) {
      return parallel.branches().stream().map(Branch::steps).toList();
    }
    if (step instanceof SwitchStep choice) {
      List<List<Step>> inner =
          new java.util.ArrayList<>(choice.cases().stream().map(SwitchCase::steps).toList());
      inner.add(choice.otherwise());
      return inner;
    }
    if (step instanceof ForEachStep each) {
      return List.of(each.steps());
    }
    return List.of();
  }

  public static Optional<Step> find(List<Step> steps, String name) {
    Step[] found = new Step[1];
    walk(
        steps,
        (step, capability) -> {
          if (found[0] == null && step.name().equals(name)) {
            found[0] = step;
          }
        });
    return Optional.ofNullable(found[0]);
  }

  public static String kind(Step step) {
    return step.getClass().getAnnotation(Kind.class).value();
  }
}
