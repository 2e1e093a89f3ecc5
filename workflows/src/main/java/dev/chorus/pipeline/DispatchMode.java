package dev.chorus.pipeline;

/**
 * How a run's workflow performs the XADD of a dispatch. Chosen per run and carried in its input, so
 * a run keeps the shape of history it started with and recorded histories replay unchanged.
 */
public enum DispatchMode {
  /** An ordinary activity: its own activity task, and one more workflow task per step. */
  ACTIVITY,
  /**
   * A local activity, run inside the workflow task that decides the dispatch: per step one workflow
   * task less and no activity task, at the price of the XADD being retried by the workflow worker.
   */
  LOCAL_ACTIVITY
}
