package dev.chorus.bench;

import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** One variant's batches of all rounds together. Times in milliseconds, memory in MiB. */
record VariantSummary(
    String variant,
    String path,
    int runs,
    int failures,
    double runsPerSecond,
    double stepsPerSecond,
    Latency stepMs,
    Latency runMs,
    double heapMiB,
    double redisMiB,
    Map<String, Double> lastRoundBreakdownMs) {

  record Latency(double p50, double p95, double p99, double max) {
    static Latency of(Histogram micros) {
      return new Latency(
          ms(micros.getValueAtPercentile(50)),
          ms(micros.getValueAtPercentile(95)),
          ms(micros.getValueAtPercentile(99)),
          ms(micros.getMaxValue()));
    }

    private static double ms(long micros) {
      return Math.round(micros / 10.0) / 100.0;
    }
  }

  static VariantSummary of(Variant variant, List<BatchResult> batches) {
    Histogram steps = BatchResult.histogram();
    Histogram runs = BatchResult.histogram();
    int runCount = 0;
    int stepCount = 0;
    int failures = 0;
    long elapsed = 0;
    long heap = 0;
    long redis = 0;
    for (BatchResult b : batches) {
      steps.add(b.stepMicros());
      runs.add(b.runMicros());
      runCount += b.runs();
      stepCount += b.steps();
      failures += b.failures();
      elapsed += b.elapsedNanos();
      heap = Math.max(heap, b.heapBytes());
      redis = Math.max(redis, b.redisBytes());
    }
    double seconds = elapsed / 1e9;
    return new VariantSummary(
        variant.name(),
        variant.path().id(),
        runCount,
        failures,
        round((runCount - failures) / seconds),
        round(stepCount / seconds),
        Latency.of(steps),
        Latency.of(runs),
        round(heap / 1048576.0),
        round(redis / 1048576.0),
        batches.get(batches.size() - 1).breakdownMs());
  }

  static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }
}
