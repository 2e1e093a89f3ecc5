package dev.chorus.definition;

import dev.chorus.pipeline.model.PipelineDefinition;
import java.util.List;
import java.util.Optional;

/** Stored definitions, every version of each. */
public interface DefinitionCatalog {

  /** The given version, or the latest when {@code version} is null. */
  Optional<PipelineDefinition> find(String name, Integer version);

  /** Every version of {@code name}, oldest first. */
  List<PipelineDefinition> versions(String name);

  /** Names of every stored pipeline, sorted. */
  List<String> names();
}
