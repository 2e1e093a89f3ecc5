package dev.chorus.pipeline;

import java.util.List;
import java.util.Map;

/**
 * A finished run's outputs, by step name, in the order the steps completed.
 *
 * @param status COMPLETED, or COMPENSATED when a step with {@code onError: compensate} failed
 * @param compensated steps undone, in the order they were undone
 * @param compensationFailures {@code step: why} for each undo that failed
 */
public record PipelineResult(
    String pipeline,
    Map<String, Map<String, Object>> outputs,
    RunStatus status,
    List<String> compensated,
    List<String> compensationFailures) {}
