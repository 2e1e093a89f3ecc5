package dev.chorus.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/** The side-by-side table on the terminal, and the same figures as JSON. */
final class Report {

  /** Width of a "vs baseline" column: "x0.91 +36 ms", room for four-digit differences. */
  private static final int VS_WIDTH = 16;

  private static final DateTimeFormatter FILE_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private Report() {}

  /**
   * One row per variant; then, per baseline (the first plain and the first ceiling variant), a
   * column with each variant's steps/s ratio and step p50 difference against it; then the
   * breakdowns and the full ratios.
   */
  static void printTable(PrintStream out, List<VariantSummary> summaries, List<Ratio> ratios) {
    List<String> baselines = ratios.stream().map(Ratio::baseline).distinct().toList();
    StringBuilder header =
        new StringBuilder(
            String.format(
                "%n%-14s %8s %9s | %-31s | %-31s | %8s %9s %5s",
                "variant",
                "runs/s",
                "steps/s",
                "step ms p50/p95/p99/max",
                "run ms p50/p95/p99/max",
                "heap MiB",
                "redis MiB",
                "fail"));
    baselines.forEach(b -> header.append(String.format(" | %-" + VS_WIDTH + "s", "vs " + b)));
    out.println(header);
    for (VariantSummary s : summaries) {
      out.printf(
          "%-14s %8.1f %9.1f | %-31s | %-31s | %8.1f %9.2f %5d",
          s.variant(),
          s.runsPerSecond(),
          s.stepsPerSecond(),
          latency(s.stepMs()),
          latency(s.runMs()),
          s.heapMiB(),
          s.redisMiB(),
          s.failures());
      for (String baseline : baselines) {
        String cell =
            ratios.stream()
                .filter(r -> r.variant().equals(s.variant()) && r.baseline().equals(baseline))
                .findFirst()
                .map(r -> String.format("x%.2f %+.0f ms", r.stepsPerSecond(), r.stepP50DeltaMs()))
                .orElse("-");
        out.printf(" | %-" + VS_WIDTH + "s", cell);
      }
      out.println();
    }
    for (VariantSummary s : summaries) {
      out.printf("%s, ms per step between history events:", s.variant());
      s.lastRoundBreakdownMs()
          .forEach((transition, ms) -> out.printf("%n    %-60s %8.2f", transition, ms));
      out.println();
    }
    for (Ratio r : ratios) {
      out.printf(
          "%s/%s: steps/s x%.2f, step p50 x%.2f (%+.2f ms), step p99 x%.2f, run p50 x%.2f%n",
          r.variant(),
          r.baseline(),
          r.stepsPerSecond(),
          r.stepP50(),
          r.stepP50DeltaMs(),
          r.stepP99(),
          r.runP50());
    }
  }

  private static String latency(VariantSummary.Latency l) {
    return String.format("%.1f/%.1f/%.1f/%.1f", l.p50(), l.p95(), l.p99(), l.max());
  }

  /** Writes {@code report} as {@code <dir>/<preset>-<time>.json} and returns the file. */
  static Path writeJson(Path dir, String preset, Map<String, Object> report) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(preset + "-" + FILE_TIME.format(Instant.now()) + ".json");
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), report);
    return file;
  }
}
