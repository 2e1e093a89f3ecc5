package dev.chorus.pipeline;

/** Temporal task queue names, kept in one place so workers and starters cannot disagree. */
public final class TaskQueues {

  public static final String PIPELINES = "chorus-pipelines";

  private TaskQueues() {}
}
