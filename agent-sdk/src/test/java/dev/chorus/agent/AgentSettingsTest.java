package dev.chorus.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentSettingsTest {

  private static final Agent AGENT =
      new Agent() {
        public String capability() {
          return "text.keywords";
        }

        public String version() {
          return "1.0.0";
        }

        public ObjectNode handle(JsonNode input, TaskContext context) {
          return null;
        }
      };

  @Test
  void labelsHeartbeatAndLeaseComeFromTheEnvironment() {
    AgentSettings settings =
        AgentSettings.from(
            Map.of(
                "CHORUS_AGENT_LABELS", "gpu=true, region=eu",
                "CHORUS_AGENT_HEARTBEAT", "500ms",
                "CHORUS_AGENT_LEASE", "PT3S"),
            AGENT);

    assertThat(settings.labels()).isEqualTo(Map.of("gpu", "true", "region", "eu"));
    assertThat(settings.heartbeat()).isEqualTo(Duration.ofMillis(500));
    assertThat(settings.lease()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void defaultsRenewEveryFiveSecondsALeaseOfFifteen() {
    AgentSettings settings = AgentSettings.from(Map.of(), AGENT);

    assertThat(settings.labels()).isEmpty();
    assertThat(settings.heartbeat()).isEqualTo(Duration.ofSeconds(5));
    assertThat(settings.lease()).isEqualTo(Duration.ofSeconds(15));
    assertThat(settings.drainTimeout()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void theDrainTimeoutComesFromTheEnvironment() {
    assertThat(AgentSettings.from(Map.of("CHORUS_AGENT_DRAIN_TIMEOUT", "2m"), AGENT).drainTimeout())
        .isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void badValuesAreNamed() {
    assertThatThrownBy(() -> AgentSettings.from(Map.of("CHORUS_AGENT_HEARTBEAT", "soon"), AGENT))
        .hasMessage("CHORUS_AGENT_HEARTBEAT='soon' is not a duration like 500ms, 5s, 2m or PT5S");
    assertThatThrownBy(
            () ->
                AgentSettings.from(
                    Map.of("CHORUS_AGENT_HEARTBEAT", "5s", "CHORUS_AGENT_LEASE", "6s"), AGENT))
        .hasMessageContaining("the lease (PT6S) must be at least twice the heartbeat (PT5S)");
    assertThatThrownBy(() -> AgentSettings.from(Map.of("CHORUS_AGENT_LABELS", "gpu"), AGENT))
        .hasMessageContaining("label 'gpu' must be key=value");
  }
}
