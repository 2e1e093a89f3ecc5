package dev.chorus.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.stack.Component;
import dev.chorus.stack.PostgresTemporal;
import dev.chorus.stack.TemporalDevServer;
import dev.chorus.stack.Tools;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which Temporal the local stack runs, without starting anything. */
class LocalStackTest {

  private static LocalStack stack(Map<String, String> environment) {
    Map<String, String> all = new java.util.HashMap<>(environment);
    all.put(CliSettings.STATE_DIR.name(), "cli/target/local-stack-test");
    return new LocalStack(new CliSettings(all), Tools.locate());
  }

  @Test
  void theDevServerByDefault() {
    LocalStack stack = stack(Map.of());
    assertThat(stack.temporal()).isInstanceOf(TemporalDevServer.class);
    assertThat(stack.components().stream().map(Component::name).toList())
        .startsWith("temporal", "redis", "chorus")
        .doesNotContain("temporal-server", "temporal-server-postgres");
  }

  @Test
  void thePostgresEngineStartsItsClusterThenTheServerOnTheSameFrontend() {
    LocalStack stack =
        stack(Map.of("CHORUS_TEMPORAL_ENGINE", "postgres", "CHORUS_TEMPORAL_PORT", "17233"));
    assertThat(stack.temporal()).isInstanceOf(PostgresTemporal.class);
    assertThat(stack.temporal().address()).isEqualTo("127.0.0.1:17233");
    assertThat(stack.temporal().uiUrl()).isNull();
    List<String> names = stack.components().stream().map(Component::name).toList();
    assertThat(names).startsWith("temporal-server-postgres", "temporal-server", "redis");
    assertThat(names).doesNotContain("temporal");
  }

  @Test
  void aFrontendPortWhoseMembershipPortOverflowsNamesTheSetting() {
    LocalStack stack =
        stack(Map.of("CHORUS_TEMPORAL_ENGINE", "postgres", "CHORUS_TEMPORAL_PORT", "40000"));
    assertThatThrownBy(stack::temporal)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CHORUS_TEMPORAL_PORT below 33068");
  }
}
