package dev.chorus.bench;

/**
 * A variant against the plain baseline: throughput and latency ratios, and the p50 step latency
 * difference in milliseconds.
 */
record Ratio(String variant, String baseline, double stepsPerSecond, double stepP50, double stepP99, double runP50, double stepP50DeltaMs) {

  static Ratio of(VariantSummary variant, VariantSummary baseline) {
    return new Ratio(
        variant.variant(),
        baseline.variant(),
        divide(variant.stepsPerSecond(), baseline.stepsPerSecond()),
        divide(variant.stepMs().p50(), baseline.stepMs().p50()),
        divide(variant.stepMs().p99(), baseline.stepMs().p99()),
        divide(variant.runMs().p50(), baseline.runMs().p50()),
        VariantSummary.round(variant.stepMs().p50() - baseline.stepMs().p50()));
  }

  private static double divide(double a, double b) {
    return b == 0 ? Double.NaN : VariantSummary.round(a / b);
  }
}
