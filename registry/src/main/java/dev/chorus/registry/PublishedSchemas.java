package dev.chorus.registry;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chorus.protocol.RegistryKeys;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON Schemas an agent publishes for its capability's input and output (the optional {@code
 * inputSchema} and {@code outputSchema} fields of its registry hash), each kept as its JSON text or
 * null. A schema that is too large or not a JSON object is logged and counts as not published:
 * schemas only inform checks, so a bad one never keeps an agent from being routed to.
 */
public record PublishedSchemas(String input, String output) {

  public static final PublishedSchemas NONE = new PublishedSchemas(null, null);

  private static final Logger log = LoggerFactory.getLogger(PublishedSchemas.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The schemas of one agent's hash, {@code key} naming it in the log. */
  static PublishedSchemas read(String key, Map<String, String> fields) {
    return new PublishedSchemas(
        usable(key, RegistryKeys.INPUT_SCHEMA_FIELD, fields.get(RegistryKeys.INPUT_SCHEMA_FIELD)),
        usable(
            key, RegistryKeys.OUTPUT_SCHEMA_FIELD, fields.get(RegistryKeys.OUTPUT_SCHEMA_FIELD)));
  }

  private static String usable(String key, String field, String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    int bytes = text.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > RegistryKeys.MAX_SCHEMA_BYTES) {
      log.warn(
          "registration {}: field '{}' has {} bytes, over the limit of {}; treated as not published",
          key,
          field,
          bytes,
          RegistryKeys.MAX_SCHEMA_BYTES);
      return null;
    }
    try {
      JsonNode schema = JSON.readTree(text);
      if (schema != null && schema.isObject()) {
        return text;
      }
      log.warn(
          "registration {}: field '{}' is not a JSON Schema object; treated as not published",
          key,
          field);
    } catch (JacksonException e) {
      log.warn(
          "registration {}: field '{}' is not JSON ({}); treated as not published",
          key,
          field,
          e.getOriginalMessage());
    }
    return null;
  }

  /** The schema text as a tree (Jackson's), null when not published. */
  public static Map<String, Object> tree(String schema) {
    if (schema == null) {
      return null;
    }
    try {
      return JSON.readValue(schema, new TypeReference<>() {});
    } catch (JacksonException e) {
      return null; // read() let only parsable text in
    }
  }
}
