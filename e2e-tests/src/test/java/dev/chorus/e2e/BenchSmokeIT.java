package dev.chorus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chorus.bench.BenchMain;
import dev.chorus.stack.RedisServer;
import dev.chorus.stack.StackHome;
import dev.chorus.stack.TemporalDevServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The benchmark tool runs end to end on tiny numbers and reports the bridge, plain and ceiling
 * paths side by side. It runs its own workers, so it needs only the servers, not the test stack's
 * application.
 */
@ChorusE2E
class BenchSmokeIT {

  private final Map<String, String> servers;
  private final StackHome home;

  BenchSmokeIT(RedisServer redis, TemporalDevServer temporal, StackHome home) {
    this.servers =
        Map.of("CHORUS_TEMPORAL_ADDRESS", temporal.address(), "CHORUS_REDIS_URI", redis.uri());
    this.home = home;
  }

  @Test
  void bridgePlainAndCeilingRunsAllCompleteAndAreCompared() throws Exception {
    Path out = home.data("bench");
    String[] args = {
      "--runs=4",
      "--concurrency=2",
      "--steps=2",
      "--payload=16",
      "--rounds=2",
      "--warmup=1",
      "--out=" + out
    };

    JsonNode report = new ObjectMapper().readTree(BenchMain.run(args, servers).toFile());

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
    assertThat(ratios.findValuesAsText("variant"))
        .containsExactly("bridge", "ceiling", "bridge", "plain");
    assertThat(ratios.findValuesAsText("baseline"))
        .containsExactly("plain", "plain", "ceiling", "ceiling");
    for (JsonNode ratio : ratios) {
      assertThat(ratio.get("stepsPerSecond").asDouble()).isPositive();
    }
  }

  @Test
  void aWrongOptionIsRefusedByName() {
    assertThatThrownBy(() -> BenchMain.run(new String[] {"--runs=0"}, servers))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--runs");
    assertThatThrownBy(() -> BenchMain.run(new String[] {"--variant=x=bridge:cache=1"}, servers))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown setting 'cache'");
  }
}
