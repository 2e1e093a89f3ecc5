package dev.chorus.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The published JSON Schema of an envelope (docs/schemas), plus the one rule a schema cannot say:
 * fields that carry JSON must hold a JSON object.
 */
public final class EnvelopeSchema {

  public static final EnvelopeSchema TASK =
      new EnvelopeSchema("task-envelope.schema.json", "input");
  public static final EnvelopeSchema REPLY =
      new EnvelopeSchema("reply-envelope.schema.json", "output");
  public static final EnvelopeSchema PROGRESS =
      new EnvelopeSchema("progress-envelope.schema.json", null);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Schema schema;
  // The field holding a JSON object as text; null when the envelope has none.
  private final String jsonField;

  private EnvelopeSchema(String resource, String jsonField) {
    this.jsonField = jsonField;
    try (InputStream in = EnvelopeSchema.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("schema " + resource + " is not on the classpath");
      }
      schema =
          SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
              .getSchema(in, InputFormat.JSON);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every way {@code fields} break the schema, each naming the field; empty when they conform. */
  public List<String> problems(Map<String, String> fields) {
    List<String> problems = new ArrayList<>();
    try {
      for (Error error : schema.validate(JSON.writeValueAsString(fields), InputFormat.JSON)) {
        // Paths are JSON pointers ("/attempt"); a problem of the whole entry has an empty one.
        problems.add(error.toString().replaceFirst("^: ", ""));
      }
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings is always serialisable", e);
    }
    String json = jsonField == null ? null : fields.get(jsonField);
    if (json != null && problems.stream().noneMatch(p -> p.contains("/" + jsonField))) {
      try {
        JsonNode node = JSON.readTree(json);
        if (node == null || !node.isObject()) {
          problems.add("/" + jsonField + ": must hold a JSON object");
        }
      } catch (JsonProcessingException e) {
        problems.add("/" + jsonField + ": is not JSON (" + e.getOriginalMessage() + ")");
      }
    }
    return problems;
  }
}
