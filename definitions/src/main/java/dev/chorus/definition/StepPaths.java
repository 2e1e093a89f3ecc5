package dev.chorus.definition;

import tools.jackson.databind.JsonNode;

/** Where a named step is in a document, as a JSON pointer. */
final class StepPaths {

  private StepPaths() {}

  static String of(JsonNode document, String stepName) {
    return new StepIndex(document)
        .entries().stream()
            .filter(entry -> stepName.equals(entry.name()))
            .map(StepIndex.Entry::path)
            .findFirst()
            .orElse("");
  }
}
