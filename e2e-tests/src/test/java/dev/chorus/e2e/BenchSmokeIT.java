package dev.chorus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chorus.bench.BenchMain;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The benchmark tool runs end to end on tiny numbers and reports both paths side by side. */
class BenchSmokeIT {

  private static final Map<String, String> SERVERS =
      Map.of("CHORUS_TEMPORAL_ADDRESS", TestStack.TEMPORAL_ADDRESS, "CHORUS_REDIS_URI", TestStack.REDIS_URI);

  @Test
  void bridgeAndPlainRunsAllCompleteAndAreCompared() throws Exception {
    Path out = TestStack.LOG_DIR.resolve("bench");
    String[] args = {"--runs=4", "--concurrency=2", "--steps=2", "--payload=16", "--rounds=2", "--warmup=1", "--out=" + out};

    JsonNode report = new ObjectMapper().readTree(BenchMain.run(args, SERVERS).toFile());

    JsonNode results = report.get("results");
    assertThat(results).hasSize(2);
    assertThat(results.get(0).get("variant").asText()).isEqualTo("bridge");
    assertThat(results.get(1).get("variant").asText()).isEqualTo("plain");
    for (JsonNode result : results) {
      assertThat(result.get("runs").asInt()).isEqualTo(8);
      assertThat(result.get("failures").asInt()).isZero();
      assertThat(result.get("stepsPerSecond").asDouble()).isPositive();
      assertThat(result.get("stepMs").get("p50").asDouble()).isPositive();
    }
    assertThat(report.get("ratios").get(0).get("baseline").asText()).isEqualTo("plain");
    assertThat(report.get("ratios").get(0).get("stepsPerSecond").asDouble()).isPositive();
  }

  @Test
  void aWrongOptionIsRefusedByName() {
    assertThatThrownBy(() -> BenchMain.run(new String[] {"--runs=0"}, SERVERS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--runs");
    assertThatThrownBy(() -> BenchMain.run(new String[] {"--variant=x=bridge:cache=1"}, SERVERS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown setting 'cache'");
  }
}
