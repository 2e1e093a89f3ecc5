package dev.chorus.definition;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The text of a definition as a tree: YAML, and therefore JSON too (JSON is a subset of YAML 1.2).
 */
final class DefinitionDocument {

  static final ObjectMapper YAML = YAMLMapper.builder().build();

  private DefinitionDocument() {}

  /** The tree, or the syntax problem as the only problem. */
  static JsonNode read(String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidDefinitionException(
          java.util.List.of(new Problem("", "the definition is empty")));
    }
    try {
      return YAML.readTree(text);
    } catch (JacksonException e) {
      throw new InvalidDefinitionException(
          java.util.List.of(new Problem("", "not YAML or JSON: " + e.getOriginalMessage())));
    }
  }
}
