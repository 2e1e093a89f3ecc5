package dev.chorus.pipeline.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One step of a pipeline. The {@code kind} property names the record in YAML, JSON and in the
 * workflow's input, so a run's history shows the definition as it was written.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
  @JsonSubTypes.Type(value = AgentStep.class, name = "agent"),
  @JsonSubTypes.Type(value = ParallelStep.class, name = "parallel"),
  @JsonSubTypes.Type(value = SwitchStep.class, name = "switch"),
  @JsonSubTypes.Type(value = ForEachStep.class, name = "forEach"),
  @JsonSubTypes.Type(value = WaitStep.class, name = "wait"),
  @JsonSubTypes.Type(value = ChildPipelineStep.class, name = "pipeline")
})
public sealed interface Step
    permits AgentStep, ParallelStep, SwitchStep, ForEachStep, WaitStep, ChildPipelineStep {

  /**
   * Unique within the whole definition; expressions read the step's output as {@code
   * steps.<name>.output}.
   */
  String name();

  /** What a failure of this step does to the run; {@link OnError#FAIL} when not given. */
  OnError onError();
}
