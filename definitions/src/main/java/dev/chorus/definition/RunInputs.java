package dev.chorus.definition;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import dev.chorus.pipeline.model.PipelineDefinition;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** A run's input against its definition's {@code inputSchema}, checked before the run starts. */
public final class RunInputs {

  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(
          SpecificationVersion.DRAFT_2020_12,
          builder ->
              builder.schemaRegistryConfig(
                  SchemaRegistryConfig.builder().pathType(PathType.JSON_POINTER).build()));

  private RunInputs() {}

  /**
   * Throws {@link InvalidDefinitionException}-style problems (paths under {@code /input}) when the
   * input does not fit.
   */
  public static void check(PipelineDefinition definition, Map<String, Object> input) {
    if (definition.inputSchema() == null) {
      return;
    }
    JsonNode value = DefinitionDocument.YAML.valueToTree(input);
    List<Problem> problems;
    try {
      Schema schema =
          REGISTRY.getSchema(DefinitionDocument.YAML.valueToTree(definition.inputSchema()));
      problems =
          schema.validate(value).stream()
              .map(error -> new Problem("/input" + error.getInstanceLocation(), error.getMessage()))
              .toList();
    } catch (RuntimeException unusable) {
      // Stored before registration refused references out of the schema: the input cannot be
      // checked, so the run is not started. The registry does not fetch remote resources.
      problems =
          List.of(
              new Problem(
                  "/inputSchema",
                  definition.reference()
                      + "'s inputSchema cannot be used: "
                      + unusable.getMessage()));
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
  }
}
