package dev.chorus.pipeline;

import java.util.List;
import java.util.Map;

/**
 * A finished run's outputs, by step name, in the order the steps completed.
 *
 * @param status COMPLETED; COMPENSATED when a step with {@code onError: compensate} failed and its
 *     run was undone; COMPENSATION_FAILED when some of that undoing failed
 * @param compensated steps undone, in the order they were undone
 * @param compensationFailures {@code step: why} for each undo that failed
 * @param pendingCompensations the undo calls of a COMPLETED run's steps, oldest first: a parent
 *     pipeline takes over those of its completed child, so they run if the parent compensates later
 *     (absent in results recorded before it)
 */
public record PipelineResult(
    String pipeline,
    Map<String, Map<String, Object>> outputs,
    RunStatus status,
    List<String> compensated,
    List<String> compensationFailures,
    List<Resume.PendingCompensation> pendingCompensations) {

  public PipelineResult {
    pendingCompensations = pendingCompensations == null ? List.of() : pendingCompensations;
  }

  public PipelineResult(
      String pipeline,
      Map<String, Map<String, Object>> outputs,
      RunStatus status,
      List<String> compensated,
      List<String> compensationFailures) {
    this(pipeline, outputs, status, compensated, compensationFailures, List.of());
  }
}
