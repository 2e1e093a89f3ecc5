package dev.chorus.pipeline.workflow;

import java.util.List;

/**
 * How a long top-level forEach hands over to a continuation of its run instead of growing the
 * history without end.
 */
interface LongRun {

  /** True when the history is long enough that the run should continue as new. */
  boolean historyTooLong();

  /**
   * Continues as new, resuming the forEach {@code step} after the items whose {@code results} it
   * carries. Never returns.
   */
  void continueForEach(String step, List<Object> results);

  /** The results a continued run carries for the forEach {@code step}; empty when none. */
  List<Object> carriedResults(String step);
}
