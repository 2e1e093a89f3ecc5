package dev.chorus.pipeline.model;

import java.util.Map;

/**
 * Runs another pipeline as a child workflow; its output is the child's outputs by step name.
 *
 * @param pipeline the child pipeline's name
 * @param version the child's version; the latest when the parent run started when absent
 * @param input the child run's input: field name to expression; absent means this run's input
 */
@Kind("pipeline")
public record ChildPipelineStep(
    String name, String pipeline, Integer version, Map<String, String> input, OnError onError)
    implements Step {

  public ChildPipelineStep {
    onError = OnError.orFail(onError);
  }

  /** The key of the pinned child definition in the run's library. */
  public String reference() {
    return version == null ? pipeline : pipeline + "@" + version;
  }
}
