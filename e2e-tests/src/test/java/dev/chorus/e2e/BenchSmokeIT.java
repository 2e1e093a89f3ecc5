package dev.chorus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chorus.bench.BenchMain;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The benchmark tool runs end to end on tiny numbers and reports the bridge, plain and ceiling paths side by side. */
class BenchSmokeIT {

  private static final Map<String, String> SERVERS =
      Map.of("CHORUS_TEMPORAL_ADDRESS", TestStack.TEMPORAL_ADDRESS, "CHORUS_REDIS_URI", TestStack.REDIS_URI);

  @Test
  void bridgePlainAndCeilingRunsAllCompleteAndAreCompared() throws Exception {
    Path out = TestStack.LOG_DIR.resolve("bench");
    String[] args = {"--runs=4", "--concurrency=2", "--steps=2", "--payload=16", "--rounds=2", "--warmup=1", "--out=" + out};

    JsonNode report = new ObjectMapper().readTree(BenchMain.run(args, SERVERS).toFile());

    JsonNode results = report.get("results");
    assertThat(results).hasSize(3);
    assertThat(results.get(0).get("variant").asText()).isEqualTo("bridge");
    assertThat(results.get(1).get("variant").asText()).isEqualTo("plain");
    assertThat(results.get(2).get("variant").asText()).isEqualTo("ceiling");
    for (JsonNode result : results) {
      assertThat(result.get("runs").asInt()).isEqualTo(8);
      assertThat(result.get("failures").asInt()).isZero();
      assertThat(result.get("stepsPerSecond").asDouble()).isPositive();
      assertThat(result.get("stepMs").get("p50").asDouble()).isPositive();
    }
    JsonNode ratios = report.get("ratios");
    assertThat(ratios.findValuesAsText("variant")).containsExactly("bridge", "ceiling", "bridge", "plain");
    assertThat(ratios.findValuesAsText("baseline")).containsExactly("plain", "plain", "ceiling", "ceiling");
    for (JsonNode ratio : ratios) {
      assertThat(ratio.get("stepsPerSecond").asDouble()).isPositive();
    }
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
