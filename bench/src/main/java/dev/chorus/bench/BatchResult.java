package dev.chorus.bench;

import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What one batch of runs measured. Latencies are recorded in microseconds.
 *
 * @param heapBytes this JVM's heap after GC with half the batch done
 * @param redisBytes Redis used_memory at the same moment
 * @param breakdownMs ms per step between consecutive history events, from a sample of the runs
 */
record BatchResult(
    String variant,
    int runs,
    int steps,
    int failures,
    long elapsedNanos,
    Histogram stepMicros,
    Histogram runMicros,
    long heapBytes,
    long redisBytes,
    Map<String, Double> breakdownMs) {

  static Histogram histogram() {
    return new Histogram(3_600_000_000L, 3);
  }
}
