package dev.chorus.definition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import tools.jackson.databind.JsonNode;

/**
 * Every step of a document in depth-first document order, with where it sits: which parallel
 * branch, switch case or forEach contains it. Built from the raw tree, so it works on documents
 * that also break the schema.
 */
final class StepIndex {

  /**
   * @param containers one token per enclosing step: {@code name#i} for branch or case i of a
   *     parallel or switch step, {@code name[]} for the body of a forEach
   */
  record Entry(String path, String name, JsonNode node, int order, List<String> containers) {

    boolean inside(String container) {
      return containers.stream()
          .anyMatch(token -> token.startsWith(container + "#") || token.equals(container + "[]"));
    }
  }

  private final List<Entry> entries = new ArrayList<>();
  private final Map<String, Entry> firstByName = new LinkedHashMap<>();

  StepIndex(JsonNode document) {
    walk(document.path("steps"), "/steps", List.of());
  }

  List<Entry> entries() {
    return entries;
  }

  Entry named(String name) {
    return firstByName.get(name);
  }

  private void walk(JsonNode steps, String path, List<String> containers) {
    if (!steps.isArray()) {
      return;
    }
    for (int i = 0; i < steps.size(); i++) {
      JsonNode step = steps.get(i);
      String stepPath = path + "/" + i;
      String name = step.path("name").isString() ? step.path("name").asString() : null;
      Entry entry = new Entry(stepPath, name, step, entries.size(), containers);
      entries.add(entry);
      if (name != null) {
        firstByName.putIfAbsent(name, entry);
      }
      inner(
          step,
          stepPath,
          (innerPath, token) -> {
            List<String> deeper = new ArrayList<>(containers);
            deeper.add(token);
            walk(step.at(innerPath.substring(stepPath.length())), innerPath, deeper);
          });
    }
  }

  /** The step lists directly inside {@code step}, with the container token of each. */
  private static void inner(JsonNode step, String path, BiConsumer<String, String> visit) {
    String name = step.path("name").asString("?");
    JsonNode branches = step.path("branches");
    for (int b = 0; branches.isArray() && b < branches.size(); b++) {
      visit.accept(path + "/branches/" + b + "/steps", name + "#" + b);
    }
    JsonNode cases = step.path("cases");
    for (int c = 0; cases.isArray() && c < cases.size(); c++) {
      visit.accept(path + "/cases/" + c + "/steps", name + "#" + c);
    }
    if (step.has("default")) {
      visit.accept(path + "/default", name + "#default");
    }
    if ("forEach".equals(step.path("kind").asString(""))) {
      visit.accept(path + "/steps", name + "[]");
    }
  }
}
