package dev.chorus.pipeline;

/**
 * A run's lifecycle event, published on the events stream for other systems to follow.
 *
 * @param type {@code run.started}, {@code step.finished} or {@code run.finished}
 * @param runId the run (its workflow id)
 * @param pipeline the pipeline's name
 * @param step the step, for {@code step.finished}; null otherwise
 * @param status the step's or the run's outcome ({@code COMPLETED}, {@code FAILED}, …); {@code
 *     RUNNING} when started
 * @param atMillis workflow time of the event
 * @param detail an error or a summary, or null
 */
public record RunEvent(
    String type,
    String runId,
    String pipeline,
    String step,
    String status,
    long atMillis,
    String detail) {

  public static final String RUN_STARTED = "run.started";
  public static final String STEP_FINISHED = "step.finished";
  public static final String RUN_FINISHED = "run.finished";
}
