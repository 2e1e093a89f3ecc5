package dev.chorus.pipeline.workflow;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The data expressions see: the run's input, the outputs of the steps that completed so far, and,
 * for one forEach item, {@code item} and {@code index}. An item's scope keeps its steps' outputs to
 * itself, so parallel items never see each other's.
 */
final class Scope {

  private final Scope parent;
  private final String prefix;
  private final Map<String, Object> input;
  private final Map<String, Map<String, Object>> outputs = new LinkedHashMap<>();
  private final Object item;
  private final long index;

  private Scope(Scope parent, String prefix, Map<String, Object> input, Object item, long index) {
    this.parent = parent;
    this.prefix = prefix;
    this.input = input;
    this.item = item;
    this.index = index;
  }

  static Scope top(Map<String, Object> input, Map<String, Map<String, Object>> carried) {
    Scope scope = new Scope(null, "", input, null, -1);
    scope.outputs.putAll(carried);
    return scope;
  }

  Scope forItem(String forEach, int i, Object value) {
    return new Scope(this, prefix + forEach + "[" + i + "]/", input, value, i);
  }

  boolean isTop() {
    return parent == null;
  }

  /** The step's name in the state query and in its task id. */
  String key(String step) {
    return prefix + step;
  }

  Map<String, Object> input() {
    return input;
  }

  void put(String step, Map<String, Object> output) {
    outputs.put(step, output);
  }

  /** Outputs of this scope's own steps, in the order they completed. */
  Map<String, Map<String, Object>> outputs() {
    return outputs;
  }

  Map<String, Object> variables() {
    Map<String, Object> steps = new LinkedHashMap<>();
    collectSteps(steps);
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("input", input);
    variables.put("steps", steps);
    for (Scope s = this; s != null; s = s.parent) {
      if (s.index >= 0) {
        variables.put("item", s.item);
        variables.put("index", s.index);
        break;
      }
    }
    return variables;
  }

  private void collectSteps(Map<String, Object> into) {
    if (parent != null) {
      parent.collectSteps(into);
    }
    outputs.forEach((name, output) -> into.put(name, Map.of("output", output)));
  }
}
