package dev.chorus.pipeline;

import java.util.Map;

/** A completed run's outputs, by step name, in step order. */
public record PipelineResult(String pipeline, Map<String, Map<String, Object>> outputs) {}
