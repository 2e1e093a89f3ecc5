package dev.chorus.pipeline;

public enum RunStatus {
  RUNNING,
  /** Undoing completed steps after a failure or a cancellation. */
  COMPENSATING,
  COMPLETED,
  /** A step with {@code onError: compensate} failed; the completed steps were undone. */
  COMPENSATED,
  FAILED,
  CANCELLED
}
