package dev.chorus.pipeline;

/**
 * A run's status as its state query, its {@code ChorusStatus} search attribute, its {@code
 * run.finished} event and the {@code chorus_runs_finished} metric all tell it.
 */
public enum RunStatus {
  RUNNING,
  /** Undoing completed steps after a failure, a cancellation or an {@code onError: compensate}. */
  COMPENSATING,
  COMPLETED,
  /** A step with {@code onError: compensate} failed; the completed steps were undone. */
  COMPENSATED,
  /**
   * The run was being undone (after {@code onError: compensate}, a failure or a cancellation) and
   * at least one compensation failed: someone has to look. Temporal still reports how the run ended
   * (completed after {@code onError: compensate}, failed, cancelled), and so does the {@code
   * run.finished} event's detail.
   */
  COMPENSATION_FAILED,
  FAILED,
  CANCELLED
}
