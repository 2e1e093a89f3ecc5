package dev.chorus.definition;

import dev.chorus.registry.RegistrySnapshot;
import dev.chorus.registry.RegistrySource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * Reads a definition (YAML or JSON) and refuses it with every problem found, in one pass: the JSON
 * Schema's, the step rules', the cost budget's ({@link DefinitionLimits}), references out of its
 * {@code inputSchema}, agent requirements that do not parse, input mappings that do not fit the
 * schemas agents publish ({@link CapabilitySchemas}), and children that are not registered or run
 * in a cycle. Every check after the schema works on the raw tree and skips only the values it
 * cannot read, so a schema problem in one step does not hide another step's problems.
 */
public final class DefinitionValidator {

  private final SchemaCheck schema = new SchemaCheck();
  private final PipelineReferences references;
  private final DefinitionLimits limits;
  private final CapabilitySchemas capabilitySchemas;

  /** A validator that knows no agents' schemas, so it checks no mapping against them. */
  public DefinitionValidator(DefinitionCatalog catalog, DefinitionLimits limits) {
    this(catalog, limits, () -> new RegistrySnapshot(0, List.of()));
  }

  /**
   * @param registry where the agents' published schemas are read, once per validation
   */
  public DefinitionValidator(
      DefinitionCatalog catalog, DefinitionLimits limits, RegistrySource registry) {
    this.references = new PipelineReferences(catalog);
    this.limits = limits;
    this.capabilitySchemas = new CapabilitySchemas(registry);
  }

  /** The definition, or {@link InvalidDefinitionException} listing every problem. */
  public DescribedDefinition validate(String text) {
    JsonNode document = DefinitionDocument.read(text);
    List<Problem> problems = new ArrayList<>(schema.check(document));
    if (document.isObject()) {
      Set<String> schemaPaths = problems.stream().map(Problem::path).collect(Collectors.toSet());
      StepIndex index = new StepIndex(document);
      problems.addAll(StepRules.check(document, limits));
      problems.addAll(Budget.check(document, limits));
      InputSchemaReferences.check(document.path("inputSchema"), "/inputSchema", problems);
      AgentRequirements.check(index, problems);
      capabilitySchemas.check(index, problems);
      ChildReferences.check(document, index, references, schemaPaths, problems);
    }
    if (!problems.isEmpty()) {
      List<Problem> sorted = new ArrayList<>(problems.stream().distinct().toList());
      sorted.sort(Comparator.comparing(Problem::path));
      throw new InvalidDefinitionException(sorted);
    }
    return DefinitionDocument.definition(document);
  }
}
