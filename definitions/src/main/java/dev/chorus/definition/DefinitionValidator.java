package dev.chorus.definition;

import dev.chorus.pipeline.model.ChildPipelineStep;
import dev.chorus.pipeline.model.PipelineDefinition;
import dev.chorus.pipeline.model.StepTree;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Reads a definition (YAML or JSON) and refuses it with every problem found: the JSON Schema's, the
 * step rules', the cost budget's ({@link DefinitionLimits}), references out of its {@code
 * inputSchema}, and children that are not registered or run in a cycle.
 */
public final class DefinitionValidator {

  private final SchemaCheck schema = new SchemaCheck();
  private final DefinitionCatalog catalog;
  private final DefinitionLimits limits;

  public DefinitionValidator(DefinitionCatalog catalog, DefinitionLimits limits) {
    this.catalog = catalog;
    this.limits = limits;
  }

  /** The definition, or {@link InvalidDefinitionException} listing every problem. */
  public PipelineDefinition validate(String text) {
    JsonNode document = DefinitionDocument.read(text);
    List<Problem> problems = new ArrayList<>(schema.check(document));
    if (document.isObject()) {
      problems.addAll(StepRules.check(document, limits));
      problems.addAll(Budget.check(document, limits));
      InputSchemaReferences.check(document.path("inputSchema"), "/inputSchema", problems);
    }
    if (!problems.isEmpty()) {
      throw refused(problems);
    }
    PipelineDefinition definition = DefinitionDocument.definition(document);
    List<Problem> references = new ArrayList<>();
    StepTree.walk(
        definition.steps(),
        (step, capability) -> {
          if (step instanceof ChildPipelineStep child
              && child.pipeline().equals(definition.name())) {
            references.add(
                new Problem(
                    StepPaths.of(document, child.name()),
                    "cycle: pipeline " + definition.name() + " runs itself"));
          }
        });
    if (references.isEmpty()) {
      try {
        new PipelineReferences(catalog).pin(definition);
      } catch (InvalidDefinitionException e) {
        references.addAll(e.problems());
      }
    }
    if (!references.isEmpty()) {
      throw refused(references);
    }
    return definition;
  }

  private static InvalidDefinitionException refused(List<Problem> problems) {
    List<Problem> sorted = new ArrayList<>(problems.stream().distinct().toList());
    sorted.sort(Comparator.comparing(Problem::path));
    return new InvalidDefinitionException(sorted);
  }
}
