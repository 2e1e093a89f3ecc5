package dev.chorus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chorus.protocol.Streams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A task that kills every agent that takes it: after the configured number of deliveries it is in
 * the dead letters with its reason and count, and its run is told at once, not at the step timeout.
 */
@ChorusE2E
class PoisonTaskIT {

  private final TestStack stack;
  private final Gateway gateway;

  PoisonTaskIT(TestStack stack) {
    this.stack = stack;
    this.gateway = new Gateway(stack.gatewayUrl);
  }

  @Test
  void aPoisonTaskIsDeadLetteredAfterItsDeliveriesAndItsRunFailsWithTheReason() throws Exception {
    List<AgentProcess> victims = startVictims("poisoned");
    String runId = gateway.start(TestPipelines.POISON, Map.of("input", Map.of("poison", true)));

    Map<String, Object> run = gateway.awaitEnd(runId, Duration.ofSeconds(60));

    victims.forEach(victim -> victim.awaitExit(Duration.ofSeconds(5)));
    assertThat(run.get("status")).isEqualTo("FAILED");
    assertThat((String) run.get("failure"))
        .contains(
            "dead-lettered: delivered " + TestStack.MAX_DELIVERIES + " times and never answered");
    Map<String, Object> letter = deadLetterOf(runId);
    assertThat(letter)
        .containsEntry("deliveries", TestStack.MAX_DELIVERIES)
        .containsEntry("stream", Streams.tasks(PoisonAgent.CAPABILITY, 1));
    assertThat((String) letter.get("reason"))
        .startsWith("delivered " + TestStack.MAX_DELIVERIES + " times");
  }

  @Test
  void reDrivingADeadLetterCompletesTheRunThatStillWaits() throws Exception {
    startVictims("victim");
    String runId =
        gateway.start(TestPipelines.POISON_REDRIVE, Map.of("input", Map.of("poison", true)));
    await("the run is told its task was dead-lettered")
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                String.valueOf(AgentCrashIT.onlyStep(gateway.run(runId)).get("error"))
                    .contains("dead-lettered"));
    assertThat(gateway.run(runId).get("status")).isEqualTo("RUNNING");

    try (AgentProcess cured =
        stack.agents.start(
            "poison-cured", PoisonAgent.CAPABILITY, Map.of("CURED", "true"), PoisonAgent.class)) {
      String id = (String) deadLetterOf(runId).get("id");
      Gateway.Response redriven =
          gateway.post(
              "/api/v1/dead-letters/" + PoisonAgent.CAPABILITY + "/" + id + "/redrive", Map.of());
      assertThat(redriven.status()).isEqualTo(200);

      Map<String, Object> run = gateway.awaitEnd(runId, Duration.ofSeconds(60));
      assertThat(run.get("status")).isEqualTo("COMPLETED");
      assertThat(AgentCrashIT.onlyStep(run))
          .containsEntry("attempts", 1)
          .containsEntry("agentId", "poison-cured");
      assertThat(
              gateway
                  .get("/api/v1/dead-letters/" + PoisonAgent.CAPABILITY)
                  .body()
                  .get("items")
                  .toString())
          .doesNotContain(runId);
    }
  }

  private List<AgentProcess> startVictims(String name) throws Exception {
    List<AgentProcess> victims = new ArrayList<>();
    for (int i = 1; i <= TestStack.MAX_DELIVERIES; i++) {
      victims.add(
          stack.agents.start(name + "-" + i, PoisonAgent.CAPABILITY, Map.of(), PoisonAgent.class));
    }
    return victims;
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> deadLetterOf(String runId) throws Exception {
    List<Map<String, Object>> letters =
        (List<Map<String, Object>>)
            gateway.get("/api/v1/dead-letters/" + PoisonAgent.CAPABILITY).body().get("items");
    return letters.stream()
        .filter(l -> runId.equals(((Map<String, Object>) l.get("fields")).get("workflowId")))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no dead letter for run " + runId + " in " + letters));
  }
}
