package dev.chorus.pipeline;

public enum StepStatus {
  PENDING,
  /** An agent step whose task is on the wire. */
  DISPATCHED,
  /** A step that contains others (parallel, switch, forEach, pipeline). */
  RUNNING,
  /** A wait step waiting for its signal. */
  WAITING,
  COMPLETED,
  FAILED,
  /** A switch branch that was not chosen. */
  SKIPPED,
  /** Stopped because its run was cancelled or its parallel step no longer needed it. */
  CANCELLED,
  COMPENSATED,
  COMPENSATION_FAILED
}
