package dev.chorus.bench;

import dev.chorus.pipeline.PipelineRun;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the same load through every variant, round after round, reversing the order each round so
 * that drift of a shared machine (other load, a warming server) falls on all variants alike.
 */
final class StepsBench {

  private final BenchOptions options;
  private final LoadDriver driver;
  private final PrintStream out;

  StepsBench(BenchOptions options, LoadDriver driver, PrintStream out) {
    this.options = options;
    this.driver = driver;
    this.out = out;
  }

  Map<String, Object> run() throws InterruptedException {
    if (options.warmupRuns() > 0) {
      for (Variant variant : options.variants()) {
        batch(variant, options.warmupRuns(), "warm-up");
      }
    }
    Map<String, List<BatchResult>> batches = new LinkedHashMap<>();
    options.variants().forEach(v -> batches.put(v.name(), new ArrayList<>()));
    for (int round = 1; round <= options.rounds(); round++) {
      List<Variant> order = new ArrayList<>(options.variants());
      if (round % 2 == 0) {
        Collections.reverse(order);
      }
      for (Variant variant : order) {
        batches.get(variant.name()).add(batch(variant, options.runs(), "round " + round));
      }
    }
    List<VariantSummary> summaries =
        options.variants().stream().map(v -> VariantSummary.of(v, batches.get(v.name()))).toList();
    List<Ratio> ratios = Ratio.against(summaries);
    Report.printTable(out, summaries, ratios);
    Map<String, Object> report = new LinkedHashMap<>();
    report.put(
        "load",
        Map.of(
            "runs",
            options.runs(),
            "concurrency",
            options.concurrency(),
            "steps",
            options.steps(),
            "payloadBytes",
            options.payloadBytes(),
            "rounds",
            options.rounds(),
            "warmupRuns",
            options.warmupRuns()));
    report.put("variants", options.variants());
    report.put("results", summaries);
    report.put("ratios", ratios);
    return report;
  }

  private BatchResult batch(Variant variant, int runs, String label) throws InterruptedException {
    PipelineRun run =
        BenchPipeline.noop(options.steps(), options.payloadBytes(), variant.tuning().dispatch());
    try (BenchStack stack = BenchStack.start(variant, options.redisUri(), new NoopAgent())) {
      BatchResult result =
          driver.run(stack, variant, run, runs, Math.min(runs, options.concurrency()));
      out.printf(
          "%-8s %-14s %5d runs in %6.2f s, %d failed%n",
          label, variant.name(), runs, result.elapsedNanos() / 1e9, result.failures());
      return result;
    }
  }
}
