package dev.chorus.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * A variant against a baseline (the plain path, or the ceiling): throughput and latency ratios, and
 * the p50 step latency difference in milliseconds.
 */
record Ratio(
    String variant,
    String baseline,
    double stepsPerSecond,
    double stepP50,
    double stepP99,
    double runP50,
    double stepP50DeltaMs) {

  /**
   * Every variant against the first variant of each baseline path there is, plain first, then
   * ceiling.
   */
  static List<Ratio> against(List<VariantSummary> summaries) {
    List<Ratio> ratios = new ArrayList<>();
    for (Variant.Path path : Variant.Path.values()) {
      if (path.baseline()) {
        summaries.stream()
            .filter(s -> s.path().equals(path.id()))
            .findFirst()
            .ifPresent(
                baseline ->
                    summaries.stream()
                        .filter(s -> s != baseline)
                        .forEach(s -> ratios.add(of(s, baseline))));
      }
    }
    return ratios;
  }

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
