package dev.chorus.definition;

import dev.chorus.pipeline.model.PipelineDefinition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The catalog as a list, for tests that need no Redis. */
final class MapCatalog implements DefinitionCatalog {

  private final List<PipelineDefinition> stored = new ArrayList<>();

  void add(PipelineDefinition definition) {
    stored.add(definition);
  }

  @Override
  public Optional<PipelineDefinition> find(String name, Integer version) {
    return versions(name).stream()
        .filter(d -> version == null || d.version() == version)
        .reduce((first, second) -> second);
  }

  @Override
  public List<PipelineDefinition> versions(String name) {
    return stored.stream()
        .filter(d -> d.name().equals(name))
        .sorted(Comparator.comparingInt(PipelineDefinition::version))
        .toList();
  }

  @Override
  public List<String> names() {
    return stored.stream().map(PipelineDefinition::name).distinct().sorted().toList();
  }
}
