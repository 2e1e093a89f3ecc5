package dev.chorus.definition;

import dev.chorus.pipeline.model.ChildPipelineStep;
import dev.chorus.pipeline.model.PipelineDefinition;
import dev.chorus.pipeline.model.StepTree;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pipelines a definition runs as children, resolved against the catalog: at registration to
 * refuse unknown children and cycles, at a run's start to pin every definition the run can reach.
 */
public final class PipelineReferences {

  private final DefinitionCatalog catalog;

  public PipelineReferences(DefinitionCatalog catalog) {
    this.catalog = catalog;
  }

  /**
   * Every child definition reachable from {@code root}, by {@link ChildPipelineStep#reference()}.
   */
  public Map<String, PipelineDefinition> pin(PipelineDefinition root) {
    Map<String, PipelineDefinition> library = new LinkedHashMap<>();
    List<Problem> problems = new ArrayList<>();
    resolve(root, new ArrayList<>(List.of(root.name())), library, problems);
    if (!problems.isEmpty()) {
      throw new InvalidDefinitionException(problems);
    }
    return library;
  }

  private void resolve(
      PipelineDefinition definition,
      List<String> chain,
      Map<String, PipelineDefinition> library,
      List<Problem> problems) {
    StepTree.walk(
        definition.steps(),
        (step, capability) -> {
          if (!(step instanceof ChildPipelineStep child)) {
            return;
          }
          String where = "pipeline " + definition.name() + ", step " + child.name();
          if (chain.contains(child.pipeline())) {
            problems.add(
                new Problem(
                    where, "cycle: " + String.join(" → ", chain) + " → " + child.pipeline()));
            return;
          }
          if (library.containsKey(child.reference())) {
            return;
          }
          Optional<PipelineDefinition> found = catalog.find(child.pipeline(), child.version());
          if (found.isEmpty()) {
            problems.add(
                new Problem(
                    where, "runs pipeline " + child.reference() + ", which is not registered"));
            return;
          }
          library.put(child.reference(), found.get());
          chain.add(child.pipeline());
          resolve(found.get(), chain, library, problems);
          chain.remove(chain.size() - 1);
        });
  }
}
