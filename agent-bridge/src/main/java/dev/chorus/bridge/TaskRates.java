package dev.chorus.bridge;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A token bucket per task, so one chatty (or hostile) agent cannot flood its run's live stream.
 * Only the most recently seen tasks are remembered, so the memory is bounded however many tasks
 * pass; a task forgotten starts again with a full bucket, which costs at most one burst. Used by
 * one thread.
 */
final class TaskRates {

  static final int REMEMBERED_TASKS = 10_000;

  private final double perNano;
  private final int burst;
  private final LongSupplier nanoTime;
  private final Map<String, double[]> buckets =
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, double[]> eldest) {
          return size() > REMEMBERED_TASKS;
        }
      };

  TaskRates(double ratePerSecond, int burst, LongSupplier nanoTime) {
    this.perNano = ratePerSecond / 1e9;
    this.burst = burst;
    this.nanoTime = nanoTime;
  }

  /** Takes one entry's allowance of {@code taskId}; false when it has none left. */
  boolean tryTake(String taskId) {
    long now = nanoTime.getAsLong();
    // {tokens, last refill}
    double[] bucket = buckets.computeIfAbsent(taskId, id -> new double[] {burst, now});
    bucket[0] = Math.min(burst, bucket[0] + (now - bucket[1]) * perNano);
    bucket[1] = now;
    if (bucket[0] < 1) {
      return false;
    }
    bucket[0] -= 1;
    return true;
  }
}
