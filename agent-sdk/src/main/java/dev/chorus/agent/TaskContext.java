package dev.chorus.agent;

import java.util.Objects;

/**
 * What an agent may want to know about the task besides its input, and where it tells how the work
 * goes: {@link #progress} and {@link #emit} write to the progress stream (docs/agent-protocol.md,
 * "Progress and partial output"), which the run's live stream shows to clients while the task is
 * worked on. Neither changes the run: only the reply's output is applied. Both are best effort: an
 * entry that cannot be written is logged and dropped, and the work goes on.
 */
public final class TaskContext {

  /** Where a task's progress goes. */
  interface Progress {
    /** Tells nothing: a task with no stream to tell it on (push mode, tests). */
    Progress NONE =
        new Progress() {
          @Override
          public void progress(Double fraction, String message) {}

          @Override
          public void emit(String chunk) {}
        };

    void progress(Double fraction, String message);

    void emit(String chunk);
  }

  private final String taskId;
  private final String workflowId;
  private final String step;
  private final int attempt;
  private final Progress progress;

  /**
   * A context whose progress goes nowhere, as in push mode, where the agent has no stream to write
   * it to.
   *
   * @param taskId idempotency key: the same for every delivery of one step of one run
   * @param workflowId the run that asked
   * @param step the step's name in its pipeline
   * @param attempt 1 for the first dispatch, higher when the run dispatched again
   */
  public TaskContext(String taskId, String workflowId, String step, int attempt) {
    this(taskId, workflowId, step, attempt, Progress.NONE);
  }

  TaskContext(String taskId, String workflowId, String step, int attempt, Progress progress) {
    this.taskId = taskId;
    this.workflowId = workflowId;
    this.step = step;
    this.attempt = attempt;
    this.progress = progress;
  }

  /** Idempotency key: the same for every delivery of one step of one run. */
  public String taskId() {
    return taskId;
  }

  /** The run that asked. */
  public String workflowId() {
    return workflowId;
  }

  /** The step's name in its pipeline. */
  public String step() {
    return step;
  }

  /** 1 for the first dispatch, higher when the run dispatched again. */
  public int attempt() {
    return attempt;
  }

  /**
   * Tells how far the work is.
   *
   * @param fraction the share done, 0 to 1
   * @param message what the agent is doing, for a person; at most 1024 characters, or null
   */
  public void progress(double fraction, String message) {
    progress.progress(fraction, message);
  }

  /** Tells what the agent is doing, without a share done; at most 1024 characters. */
  public void progress(String message) {
    progress.progress(null, Objects.requireNonNull(message, "message"));
  }

  /**
   * Sends the next chunk of partial output (1 to 65536 characters; Chorus relays at most {@code
   * chorus.live.max-entry-bytes} per entry), for clients to show while the work goes on.
   */
  public void emit(String chunk) {
    progress.emit(chunk);
  }
}
