package dev.chorus.pipeline;

public enum RunStatus {
  RUNNING,
  COMPLETED,
  FAILED
}
