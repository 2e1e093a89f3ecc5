package dev.chorus.pipeline;

import java.util.Map;

/**
 * What a run is started with. The definition travels with the run, so a run keeps the exact
 * definition it started with even when the catalogue changes later.
 */
public record PipelineRun(PipelineDefinition definition, Map<String, Object> input) {}
