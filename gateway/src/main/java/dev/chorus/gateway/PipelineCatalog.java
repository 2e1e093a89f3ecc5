package dev.chorus.gateway;

import dev.chorus.pipeline.PipelineDefinition;
import java.util.Optional;

/** Where the gateway finds the definition of a pipeline by name. */
public interface PipelineCatalog {

  Optional<PipelineDefinition> find(String name);
}
