package dev.chorus.definition;

import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The text of a definition as a tree: YAML, and therefore JSON too (JSON is a subset of YAML 1.2).
 */
final class DefinitionDocument {

  static final ObjectMapper YAML = YAMLMapper.builder().build();

  private DefinitionDocument() {}

  /**
   * The records of a tree that passed the checks; a value the records cannot hold (which the schema
   * should have caught) is still a problem at its path, never an internal error.
   */
  static DescribedDefinition definition(JsonNode document) {
    try {
      return DescribedDefinition.read(YAML, document);
    } catch (DatabindException e) {
      throw new InvalidDefinitionException(
          List.of(new Problem(BindingProblems.pointer(e), BindingProblems.problem(e))));
    }
  }

  /** The tree, or the syntax problem as the only problem. */
  static JsonNode read(String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidDefinitionException(List.of(new Problem("", "the definition is empty")));
    }
    try {
      return YAML.readTree(text);
    } catch (JacksonException e) {
      throw new InvalidDefinitionException(
          List.of(new Problem("", "not YAML or JSON: " + e.getOriginalMessage())));
    }
  }
}
