package dev.chorus.definition;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The document against the published JSON Schema (docs/pipeline.schema.json, bundled on the
 * classpath).
 */
final class SchemaCheck {

  static final String RESOURCE = "/dev/chorus/definition/pipeline.schema.json";

  private final Schema schema;

  SchemaCheck() {
    SchemaRegistry registry =
        SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            builder ->
                builder.schemaRegistryConfig(
                    SchemaRegistryConfig.builder().pathType(PathType.JSON_POINTER).build()));
    try (InputStream in = SchemaCheck.class.getResourceAsStream(RESOURCE)) {
      schema = registry.getSchema(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<Problem> check(JsonNode document) {
    return schema.validate(document).stream()
        // if/then keywords report the failed 'then' as well as its causes; the causes say more
        .filter(error -> !"if".equals(error.getKeyword()) && !"then".equals(error.getKeyword()))
        .map(
            error ->
                new Problem(
                    error.getInstanceLocation().toString(),
                    withoutLocation(error.getMessage(), error.getInstanceLocation().toString())))
        .distinct()
        .toList();
  }

  private static String withoutLocation(String message, String path) {
    String prefix = path + ": ";
    return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
  }
}
