package dev.chorus.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScalingOptionsTest {

  private static final Map<String, String> ENV = Map.of("CHORUS_REDIS_URI", "redis://r:1");

  @Test
  void defaultsBurstTwoThousandTasksAtTheManifestsTargetsOnEveryVariant() {
    ScalingOptions options = ScalingOptions.parse(List.of(), ENV);

    assertThat(options.burst()).isEqualTo(2000);
    assertThat(options.variants()).containsExactly("fixed", "autoscaled", "push");
    assertThat(options.target().lagTarget()).isEqualTo(8);
    assertThat(options.target().pendingTarget()).isEqualTo(4);
    assertThat(options.target().maxReplicas()).isEqualTo(8);
    assertThat(options.pushConcurrency()).isEqualTo(32);
    assertThat(options.redisUri()).isEqualTo("redis://r:1");
  }

  @Test
  void optionsOverrideTheDefaults() {
    ScalingOptions options =
        ScalingOptions.parse(
            List.of("--burst=50", "--variants=fixed,push", "--stabilization-seconds=120"), ENV);

    assertThat(options.burst()).isEqualTo(50);
    assertThat(options.variants()).containsExactly("fixed", "push");
    assertThat(options.target().stabilizationWindow()).isEqualTo(Duration.ofSeconds(120));
  }

  @Test
  void unknownKeysVariantsAndValuesAreRefusedByName() {
    assertThatThrownBy(() -> ScalingOptions.parse(List.of("--bursts=5"), ENV))
        .hasMessageContaining("'--bursts=5'");
    assertThatThrownBy(() -> ScalingOptions.parse(List.of("--variants=keda"), ENV))
        .hasMessageContaining("'keda'");
    assertThatThrownBy(() -> ScalingOptions.parse(List.of("--slots=four"), ENV))
        .hasMessageContaining("--slots");
    assertThatThrownBy(() -> ScalingOptions.parse(List.of("--min-replicas=0"), ENV))
        .hasMessageContaining("--min-replicas");
  }
}
