package dev.chorus.gateway;

import java.util.List;

/**
 * One page of runs, newest first.
 *
 * @param runs the runs of this page
 * @param nextPageToken pass as {@code pageToken} for the next page; absent on the last page
 */
public record RunList(List<Summary> runs, String nextPageToken) {

  /**
   * A run as visibility lists it, without its steps.
   *
   * @param status the run's Chorus status (RUNNING, COMPENSATING, COMPLETED, COMPENSATED,
   *     COMPENSATION_FAILED, FAILED, CANCELLED), or TERMINATED or TIMED_OUT
   * @param startTime ISO-8601 instant the run started
   * @param closeTime ISO-8601 instant it ended; absent while it runs
   */
  public record Summary(
      String runId,
      String temporalRunId,
      String pipeline,
      String status,
      String startTime,
      String closeTime,
      String uiUrl) {}
}
