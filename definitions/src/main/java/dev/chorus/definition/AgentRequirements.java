package dev.chorus.definition;

import dev.chorus.registry.LabelConstraint;
import dev.chorus.registry.VersionRange;
import java.util.List;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * What an agent step asks of its agent, read with the parsers routing uses at dispatch: a version
 * range or label selector that does not parse would otherwise fail every run at that step, long
 * after registration. A blank range means any version, as at dispatch.
 */
final class AgentRequirements {

  private AgentRequirements() {}

  static void check(StepIndex index, List<Problem> problems) {
    for (StepIndex.Entry step : index.entries()) {
      JsonNode node = step.node();
      if (!"agent".equals(node.path("kind").asString(""))) {
        continue;
      }
      JsonNode version = node.path("version");
      if (version.isString() && !version.asString().isBlank()) {
        parse(step.path() + "/version", version.asString(), VersionRange::parse, problems);
      }
      JsonNode labels = node.path("labels");
      for (int i = 0; labels.isArray() && i < labels.size(); i++) {
        JsonNode label = labels.get(i);
        if (label.isString()) {
          parse(step.path() + "/labels/" + i, label.asString(), LabelConstraint::parse, problems);
        }
      }
    }
  }

  private static void parse(
      String path, String text, Consumer<String> parser, List<Problem> problems) {
    try {
      parser.accept(text);
    } catch (IllegalArgumentException e) {
      problems.add(new Problem(path, e.getMessage()));
    }
  }
}
