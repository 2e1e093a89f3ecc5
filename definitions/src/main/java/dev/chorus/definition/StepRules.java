package dev.chorus.definition;

import dev.chorus.pipeline.expression.Expressions;
import dev.chorus.pipeline.model.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * What the schema cannot say: unique step names, expressions that compile, stay within the size,
 * depth and literal limits and refer only to steps that have completed by then, durations that
 * parse and lie within the limits, joins that can be met.
 */
final class StepRules {

  private static final Pattern STEP_REFERENCE =
      Pattern.compile("\\bsteps\\.([A-Za-z_][A-Za-z0-9_]*)");
  private static final Pattern ITEM_REFERENCE = Pattern.compile("(?<![.\\w])(item|index)\\b");
  private static final List<String> DURATIONS =
      List.of(
          "timeout",
          "totalTimeout",
          "waitForAgent",
          "retry/initialInterval",
          "retry/maximumInterval");

  /**
   * No duration may be zero: a zero timeout fails every dispatch or wait at once, a zero interval
   * retries without pause, and a zero wait for an agent is what {@code whenNoAgent: fail} says.
   */
  private static final Map<String, String> ZERO_HINTS =
      Map.of("waitForAgent", "; to fail at once when no agent matches, write whenNoAgent: fail");

  private final List<Problem> problems = new ArrayList<>();
  private final StepIndex index;
  private final DefinitionLimits limits;

  private StepRules(JsonNode document, DefinitionLimits limits) {
    this.index = new StepIndex(document);
    this.limits = limits;
  }

  static List<Problem> check(JsonNode document, DefinitionLimits limits) {
    StepRules rules = new StepRules(document, limits);
    rules.run();
    return rules.problems;
  }

  private void run() {
    Map<String, String> seen = new HashMap<>();
    for (StepIndex.Entry step : index.entries()) {
      if (step.name() != null) {
        String first = seen.putIfAbsent(step.name(), step.path());
        if (first != null) {
          problems.add(
              new Problem(
                  step.path() + "/name",
                  "step name '" + step.name() + "' is already used by the step at " + first));
        }
      }
      durations(step);
      expressions(step);
      join(step);
    }
  }

  private void durations(StepIndex.Entry step) {
    Map<String, Duration> parsed = new HashMap<>();
    for (String field : DURATIONS) {
      JsonNode value = step.node().at("/" + field);
      if (value.isString()) {
        String path = step.path() + "/" + field;
        try {
          Duration duration = Durations.parse(value.asString());
          parsed.put(field, duration);
          if (duration.isNegative() || duration.isZero()) {
            problems.add(
                new Problem(path, "must be longer than zero" + ZERO_HINTS.getOrDefault(field, "")));
          } else if (duration.compareTo(limits.maxDuration()) > 0) {
            problems.add(
                new Problem(
                    path,
                    "is longer than "
                        + Budget.describe(limits.maxDuration())
                        + Budget.setting("max-duration")));
          }
        } catch (IllegalArgumentException e) {
          problems.add(new Problem(path, e.getMessage()));
        }
      }
    }
    Duration initial = parsed.get("retry/initialInterval");
    Duration maximum = parsed.get("retry/maximumInterval");
    if (initial != null && maximum != null && maximum.compareTo(initial) < 0) {
      problems.add(
          new Problem(
              step.path() + "/retry/maximumInterval",
              "is shorter than initialInterval " + initial));
    }
  }

  private void expressions(StepIndex.Entry step) {
    JsonNode node = step.node();
    JsonNode input = node.path("input");
    if (input.isObject()) {
      input
          .properties()
          .forEach(
              field ->
                  expression(step, step.path() + "/input/" + field.getKey(), field.getValue()));
    }
    if (node.has("items")) {
      expression(step, step.path() + "/items", node.path("items"));
    }
    JsonNode cases = node.path("cases");
    for (int c = 0; cases.isArray() && c < cases.size(); c++) {
      expression(step, step.path() + "/cases/" + c + "/when", cases.get(c).path("when"));
    }
  }

  private void expression(StepIndex.Entry step, String path, JsonNode node) {
    if (!node.isString()) {
      return;
    }
    String text = node.asString();
    if (text.length() > limits.maxExpressionLength()) {
      // Longer ones are neither compiled nor scanned: that is what the limit protects.
      problems.add(
          new Problem(
              path,
              "is an expression of "
                  + text.length()
                  + " characters; at most "
                  + limits.maxExpressionLength()
                  + Budget.setting("max-expression-length")));
      return;
    }
    Expressions.Shape shape = Expressions.shape(text);
    shape
        .error()
        .ifPresent(
            error ->
                problems.add(
                    new Problem(
                        path, "bad expression '" + text + "': " + error.replace('\n', ' '))));
    if (shape.depth() > limits.maxExpressionDepth()) {
      problems.add(
          new Problem(
              path,
              "nests "
                  + shape.depth()
                  + " levels deep; at most "
                  + limits.maxExpressionDepth()
                  + Budget.setting("max-expression-depth")));
    }
    if (shape.largestLiteral() > limits.maxLiteralElements()) {
      problems.add(
          new Problem(
              path,
              "has a literal of "
                  + shape.largestLiteral()
                  + " elements; at most "
                  + limits.maxLiteralElements()
                  + Budget.setting("max-literal-elements")));
    }
    Matcher refs = STEP_REFERENCE.matcher(text);
    while (refs.find()) {
      reference(step, path, refs.group(1));
    }
    boolean inForEach = step.containers().stream().anyMatch(token -> token.endsWith("[]"));
    Matcher items = ITEM_REFERENCE.matcher(text.replaceAll("'[^']*'|\"[^\"]*\"", ""));
    if (!inForEach && items.find()) {
      problems.add(new Problem(path, "uses '" + items.group(1) + "' outside a forEach"));
    }
  }

  private void reference(StepIndex.Entry from, String path, String name) {
    StepIndex.Entry target = index.named(name);
    if (target == null) {
      problems.add(new Problem(path, "refers to step '" + name + "', which does not exist"));
    } else if (target.order() >= from.order()) {
      problems.add(
          new Problem(
              path, "refers to step '" + name + "', which runs later (" + target.path() + ")"));
    } else if (from.inside(name)) {
      problems.add(
          new Problem(
              path,
              "refers to step '" + name + "', which contains this step and has no output yet"));
    } else {
      for (String token : target.containers()) {
        boolean sameContainer = from.containers().contains(token);
        String container = token.replaceAll("(#.*|\\[\\])$", "");
        if (!sameContainer && token.endsWith("[]")) {
          problems.add(
              new Problem(
                  path,
                  "refers to step '"
                      + name
                      + "' inside forEach '"
                      + container
                      + "', whose outputs are per item; read steps."
                      + container
                      + ".output.results"));
          return;
        }
        if (!sameContainer && from.inside(container)) {
          problems.add(
              new Problem(
                  path,
                  "refers to step '"
                      + name
                      + "' in another branch of '"
                      + container
                      + "', which may not have run"));
          return;
        }
      }
    }
  }

  private void join(StepIndex.Entry step) {
    JsonNode node = step.node();
    if (!"parallel".equals(node.path("kind").asString("")) || !node.path("branches").isArray()) {
      return;
    }
    int branches = node.path("branches").size();
    String join = node.path("join").asString("all");
    if ("n".equals(join) && !node.path("count").isInt()) {
      problems.add(
          new Problem(
              step.path() + "/count", "join: n needs count, how many branches must finish"));
    }
    if (node.path("count").isInt() && node.path("count").asInt() > branches) {
      problems.add(
          new Problem(
              step.path() + "/count",
              "is "
                  + node.path("count").asInt()
                  + " but there are only "
                  + branches
                  + " branches"));
    }
    Map<String, Integer> names = new HashMap<>();
    for (int b = 0; b < branches; b++) {
      String branch = node.path("branches").get(b).path("name").asString(null);
      if (branch != null && names.putIfAbsent(branch, b) != null) {
        problems.add(
            new Problem(
                step.path() + "/branches/" + b + "/name",
                "branch name '" + branch + "' is used twice"));
      }
    }
  }
}
