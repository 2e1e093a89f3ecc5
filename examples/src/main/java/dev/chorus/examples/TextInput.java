package dev.chorus.examples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.agent.AgentException;

/** The demo agents all read a {@code text} field. */
final class TextInput {

  private TextInput() {}

  static String text(JsonNode input) throws AgentException {
    JsonNode text = input.get("text");
    if (text == null || !text.isTextual() || text.asText().isBlank()) {
      throw AgentException.fatal("input field 'text' must be a non-empty string");
    }
    return text.asText();
  }
}
