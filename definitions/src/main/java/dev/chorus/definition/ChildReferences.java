package dev.chorus.definition;

import dev.chorus.pipeline.model.ChildPipelineStep;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The children a definition runs, read from the raw tree so that they are checked beside every
 * other problem: each {@code pipeline} step must name a registered pipeline and must not lead back
 * to this one. A step whose {@code pipeline} or {@code version} the schema refused is skipped, as a
 * lookup by a malformed reference would only repeat the schema's problem.
 */
final class ChildReferences {

  private ChildReferences() {}

  static void check(
      JsonNode document,
      StepIndex index,
      PipelineReferences references,
      Set<String> schemaPaths,
      List<Problem> problems) {
    // A root without a valid name is refused by the schema; "" matches no pipeline, so the
    // children are still looked up but cannot form a cycle through it.
    String root = document.path("name").isString() ? document.path("name").asString() : "";
    // Per reference, its problems: a second step running the same child gets the same ones.
    Map<String, List<String>> known = new HashMap<>();
    for (StepIndex.Entry step : index.entries()) {
      JsonNode node = step.node();
      JsonNode pipeline = node.path("pipeline");
      JsonNode version = node.path("version");
      if (!"pipeline".equals(node.path("kind").asString(""))
          || !pipeline.isString()
          || !(version.isMissingNode() || version.isInt())
          || schemaPaths.contains(step.path() + "/pipeline")
          || schemaPaths.contains(step.path() + "/version")) {
        continue;
      }
      ChildPipelineStep child =
          new ChildPipelineStep(
              step.name(),
              pipeline.asString(),
              version.isInt() ? version.asInt() : null,
              null,
              null);
      known
          .computeIfAbsent(child.reference(), ref -> references.check(root, child))
          .forEach(problem -> problems.add(new Problem(step.path() + "/pipeline", problem)));
    }
  }
}
