package dev.chorus.pipeline;

public enum StepStatus {
  PENDING,
  DISPATCHED,
  COMPLETED,
  FAILED
}
