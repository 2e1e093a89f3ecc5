package dev.chorus.pipeline;

import java.util.Map;

/**
 * What a run is started with. The definition travels with the run, so a run keeps the exact
 * definition it started with even when the catalogue changes later.
 *
 * @param dispatch how steps are dispatched; absent in runs started before it existed, which
 *     dispatched as an ordinary activity
 */
public record PipelineRun(PipelineDefinition definition, Map<String, Object> input, DispatchMode dispatch) {

  public PipelineRun {
    dispatch = dispatch == null ? DispatchMode.ACTIVITY : dispatch;
  }

  public PipelineRun(PipelineDefinition definition, Map<String, Object> input) {
    this(definition, input, DispatchMode.ACTIVITY);
  }
}
