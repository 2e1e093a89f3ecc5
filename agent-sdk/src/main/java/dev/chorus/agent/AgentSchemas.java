package dev.chorus.agent;

import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import dev.chorus.protocol.RegistryKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * JSON Schemas for {@link Agent#inputSchema()} and {@link Agent#outputSchema()}: generated from a
 * Java type, or read from a file on the classpath. Chorus checks pipelines' input mappings against
 * them (docs/pipelines.md, "Schema checks").
 */
public final class AgentSchemas {

  private static final SchemaGenerator GENERATOR = generator();

  private AgentSchemas() {}

  /**
   * The draft 2020-12 schema of a type, as JSON text: its fields as properties, nested types under
   * {@code $defs}. Every component of a record is required except an {@link Optional} one, as
   * Chorus's task input always carries a record's components; other classes require nothing.
   */
  public static String of(Class<?> type) {
    return GENERATOR.generateSchema(type).toString();
  }

  /** A schema file on the classpath, e.g. {@code /schemas/summary-input.json}, as it is. */
  public static String resource(String path) {
    try (InputStream in = AgentSchemas.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no schema file " + path + " on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read schema file " + path, e);
    }
  }

  /**
   * The registry fields of an agent's schemas, refusing one over {@link
   * RegistryKeys#MAX_SCHEMA_BYTES}: the registry would ignore it, so the agent says so at start.
   */
  static Map<String, String> fields(Agent agent) {
    Map<String, String> fields = new LinkedHashMap<>();
    agent
        .inputSchema()
        .ifPresent(schema -> fields.put(RegistryKeys.INPUT_SCHEMA_FIELD, bounded(agent, schema)));
    agent
        .outputSchema()
        .ifPresent(schema -> fields.put(RegistryKeys.OUTPUT_SCHEMA_FIELD, bounded(agent, schema)));
    return fields;
  }

  private static String bounded(Agent agent, String schema) {
    int bytes = schema.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > RegistryKeys.MAX_SCHEMA_BYTES) {
      throw new IllegalArgumentException(
          "a schema of "
              + agent.capability()
              + " has "
              + bytes
              + " bytes; at most "
              + RegistryKeys.MAX_SCHEMA_BYTES
              + " are published");
    }
    return schema;
  }

  private static SchemaGenerator generator() {
    SchemaGeneratorConfigBuilder config =
        new SchemaGeneratorConfigBuilder(SchemaVersion.DRAFT_2020_12, OptionPreset.PLAIN_JSON);
    config
        .forFields()
        .withRequiredCheck(
            field ->
                field.getDeclaringType().getErasedType().isRecord()
                    && !field.getType().isInstanceOf(Optional.class));
    return new SchemaGenerator(config.build());
  }
}
