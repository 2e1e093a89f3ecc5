package dev.chorus.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.protocol.AgentRegistration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterTest {

  private final List<RegisteredAgent> agents = new ArrayList<>();
  private final Router router = new Router(() -> new RegistrySnapshot(1, agents));

  @Test
  void theHighestCompatibleVersionWinsAndEachMajorHasItsStream() {
    register("a", "1.4.0", Map.of(), false);
    register("b", "1.2.0", Map.of(), false);
    register("c", "2.0.1", Map.of(), false);

    assertThat(router.route(requirement("*"), null))
        .isEqualTo(new Route("2.0.1", "chorus:tasks:text.keywords:v2"));
    assertThat(router.route(requirement("^1"), null))
        .isEqualTo(new Route("1.4.0", "chorus:tasks:text.keywords:v1"));
    assertThat(router.route(requirement("~1.2"), null))
        .isEqualTo(new Route("1.2.0", "chorus:tasks:text.keywords:v1"));
  }

  @Test
  void aPinnedStepStaysInItsMajorAndKeepsItsVersion() {
    register("a", "1.4.0", Map.of(), false);
    register("c", "2.0.1", Map.of(), false);

    assertThat(router.route(requirement("*"), "1.2.0"))
        .isEqualTo(new Route("1.2.0", "chorus:tasks:text.keywords:v1"));
  }

  @Test
  void drainingAgentsAndUnmatchedLabelsAreSkipped() {
    register("a", "2.0.0", Map.of("gpu", "true"), true);
    register("b", "1.0.0", Map.of("gpu", "true"), false);
    register("c", "3.0.0", Map.of("gpu", "false"), false);

    CapabilityRequirement gpu =
        CapabilityRequirement.parse("text.keywords", "*", List.of("gpu=true"));
    assertThat(router.route(gpu, null).stream()).isEqualTo("chorus:tasks:text.keywords:v1");
  }

  @Test
  void withoutAMatchTheErrorListsWhatIsRegistered() {
    register("a", "1.0.0", Map.of(), false);
    register("b", "2.0.0", Map.of(), true);

    assertThatThrownBy(() -> router.route(requirement("^2"), null))
        .isInstanceOf(NoAgentException.class)
        .hasMessage(
            "no healthy agent for text.keywords ^2; registered for text.keywords:"
                + " text.keywords 1.0.0 (a, ready), text.keywords 2.0.0 (b, draining)");
    assertThatThrownBy(
            () -> router.route(CapabilityRequirement.parse("text.other", null, null), null))
        .hasMessage(
            "no healthy agent for text.other *; no agent is registered for text.other; registered:"
                + " text.keywords 1.0.0 (a, ready), text.keywords 2.0.0 (b, draining)");
  }

  private static CapabilityRequirement requirement(String range) {
    return CapabilityRequirement.parse("text.keywords", range, List.of());
  }

  private void register(String id, String version, Map<String, String> labels, boolean draining) {
    agents.add(
        RegisteredAgent.of(
            new AgentRegistration(id, "text.keywords", version, 1, labels, draining), 0));
  }
}
