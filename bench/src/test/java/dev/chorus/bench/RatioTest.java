package dev.chorus.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RatioTest {

  private static final VariantSummary BRIDGE = summary("bridge", "bridge", 30, 400);
  private static final VariantSummary PLAIN = summary("plain", "plain", 40, 300);
  private static final VariantSummary CEILING = summary("ceiling", "ceiling", 60, 250);
  private static final VariantSummary PLAIN_2 = summary("plain-2", "plain", 20, 500);

  @Test
  void everyVariantIsComparedWithTheFirstPlainAndTheFirstCeiling() {
    List<Ratio> ratios = Ratio.against(List.of(BRIDGE, PLAIN, CEILING, PLAIN_2));

    assertThat(ratios)
        .extracting(r -> r.variant() + "/" + r.baseline())
        .containsExactly(
            "bridge/plain",
            "ceiling/plain",
            "plain-2/plain",
            "bridge/ceiling",
            "plain/ceiling",
            "plain-2/ceiling");
    Ratio bridgeToCeiling = ratios.get(3);
    assertThat(bridgeToCeiling.stepsPerSecond()).isEqualTo(0.5);
    assertThat(bridgeToCeiling.stepP50DeltaMs()).isEqualTo(150);
  }

  @Test
  void withoutABaselineThereIsNoRatio() {
    assertThat(Ratio.against(List.of(BRIDGE))).isEmpty();
  }

  @Test
  void theTableHasAColumnPerBaseline() {
    List<VariantSummary> summaries = List.of(BRIDGE, PLAIN, CEILING);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    Report.printTable(
        new PrintStream(bytes, true, StandardCharsets.UTF_8), summaries, Ratio.against(summaries));

    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines.get(1)).contains("| vs plain").contains("| vs ceiling");
    assertThat(lines.get(2))
        .startsWith("bridge")
        .contains("x0.75 +100 ms")
        .contains("x0.50 +150 ms");
    assertThat(lines.get(3)).startsWith("plain").contains("| -").contains("x0.67 +50 ms");
  }

  private static VariantSummary summary(
      String name, String path, double stepsPerSecond, double stepP50) {
    VariantSummary.Latency latency = new VariantSummary.Latency(stepP50, stepP50, stepP50, stepP50);
    return new VariantSummary(
        name, path, 10, 0, stepsPerSecond / 4, stepsPerSecond, latency, latency, 1, 1, Map.of());
  }
}
