package dev.chorus.definition;

import dev.chorus.pipeline.model.ChildPipelineStep;
import dev.chorus.pipeline.model.PipelineDefinition;
import dev.chorus.pipeline.model.StepTree;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

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
    children(
        root,
        new ArrayList<>(List.of(root.name())),
        library,
        (where, problem) -> problems.add(new Problem(where, problem)));
    if (!problems.isEmpty()) {
      throw new InvalidDefinitionException(problems);
    }
    return library;
  }

  /**
   * At registration, what is wrong with one child step of the definition {@code root}: a problem
   * further down the chain of children names where it is.
   */
  List<String> check(String root, ChildPipelineStep child) {
    List<String> problems = new ArrayList<>();
    visit(child, new ArrayList<>(List.of(root)), new LinkedHashMap<>(), problems::add);
    return problems;
  }

  private void children(
      PipelineDefinition definition,
      List<String> chain,
      Map<String, PipelineDefinition> library,
      BiConsumer<String, String> report) {
    StepTree.walk(
        definition.steps(),
        (step, capability) -> {
          if (step instanceof ChildPipelineStep child) {
            String where = "pipeline " + definition.name() + ", step " + child.name();
            visit(child, chain, library, problem -> report.accept(where, problem));
          }
        });
  }

  private void visit(
      ChildPipelineStep child,
      List<String> chain,
      Map<String, PipelineDefinition> library,
      Consumer<String> report) {
    if (chain.contains(child.pipeline())) {
      report.accept("cycle: " + String.join(" → ", chain) + " → " + child.pipeline());
      return;
    }
    if (library.containsKey(child.reference())) {
      return;
    }
    Optional<PipelineDefinition> found = catalog.find(child.pipeline(), child.version());
    if (found.isEmpty()) {
      report.accept("runs pipeline " + child.reference() + ", which is not registered");
      return;
    }
    library.put(child.reference(), found.get());
    chain.add(child.pipeline());
    children(
        found.get(),
        chain,
        library,
        (where, problem) -> report.accept(problem + " (" + where + ")"));
    chain.remove(chain.size() - 1);
  }
}
