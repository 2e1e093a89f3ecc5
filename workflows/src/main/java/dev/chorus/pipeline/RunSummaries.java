package dev.chorus.pipeline;

import dev.chorus.pipeline.model.PipelineDefinition;

/**
 * The static summary the Temporal UI shows for a run, the same whether the gateway started it or a
 * parent pipeline did: {@code summarize v3}.
 */
public final class RunSummaries {

  private RunSummaries() {}

  public static String of(PipelineDefinition definition) {
    return definition.name() + " v" + definition.version();
  }
}
