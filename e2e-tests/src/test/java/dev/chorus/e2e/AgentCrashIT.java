package dev.chorus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chorus.protocol.Streams;
import io.temporal.api.enums.v1.EventType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Agents that die or go silent while they hold tasks: every run still completes, each once. */
@ChorusE2E
class AgentCrashIT {

  private final TestStack stack;
  private final StreamInspector streams;
  private final Gateway gateway;
  private final String stream = Streams.tasks(HoldingAgent.CAPABILITY, 1);

  AgentCrashIT(TestStack stack) {
    this.stack = stack;
    this.streams = new StreamInspector(stack.redis);
    this.gateway = new Gateway(stack.gatewayUrl);
  }

  @Test
  void tasksHeldByAKilledAgentAreHandedToAnotherWithoutWaitingForTheirTimeout() throws Exception {
    AgentProcess doomed =
        stack.agents.start(
            "holder-killed",
            HoldingAgent.CAPABILITY,
            Map.of("HOLD_MILLIS", "600000", "CHORUS_AGENT_CONCURRENCY", "5"),
            HoldingAgent.class);
    List<String> runs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      runs.add(gateway.start(TestPipelines.CRASH_RECOVERY, Map.of("input", Map.of("n", i))));
    }
    await("the doomed agent holds all five tasks")
        .atMost(Duration.ofSeconds(30))
        .until(() -> streams.pendingFor(stream, Streams.AGENT_GROUP, doomed.agentId) == 5);
    doomed.kill();

    try (AgentProcess healthy =
        stack.agents.start(
            "holder-rescuer", HoldingAgent.CAPABILITY, Map.of(), HoldingAgent.class)) {
      for (String runId : runs) {
        Map<String, Object> run = gateway.awaitEnd(runId, Duration.ofSeconds(45));
        assertThat(run.get("status")).as(runId).isEqualTo("COMPLETED");
        Map<String, Object> step = onlyStep(run);
        // Handed on by the reclaimer: the first dispatch was answered, well before its 60 s
        // timeout.
        assertThat(step).containsEntry("attempts", 1).containsEntry("agentId", "holder-rescuer");
        assertThat(signals(runId)).as("one accepted reply, one signal").isEqualTo(1);
        // Handed on once by the lease reaper or the reclaimer (either counts the delivery), rarely
        // by both.
        assertThat(streams.entriesOf(stream, runId))
            .extracting(m -> m.getBody().get("delivery"))
            .startsWith("1", "2")
            .containsOnly("1", "2");
      }
    }
  }

  @Test
  void aTaskHeldByASilentAgentIsDispatchedAgainAfterItsTimeout() throws Exception {
    // Alive (it keeps its task touched, so nothing is reclaimed) but never answering, and full.
    try (AgentProcess silent =
        stack.agents.start(
            "holder-silent",
            HoldingAgent.CAPABILITY,
            Map.of("HOLD_MILLIS", "600000", "CHORUS_AGENT_CONCURRENCY", "1"),
            HoldingAgent.class)) {
      String runId = gateway.start(TestPipelines.SILENT_TIMEOUT, Map.of("input", Map.of("n", 1)));
      await("the silent agent holds the task")
          .atMost(Duration.ofSeconds(30))
          .until(() -> streams.pendingFor(stream, Streams.AGENT_GROUP, silent.agentId) == 1);

      try (AgentProcess healthy =
          stack.agents.start(
              "holder-healthy", HoldingAgent.CAPABILITY, Map.of(), HoldingAgent.class)) {
        Map<String, Object> run = gateway.awaitEnd(runId, Duration.ofSeconds(60));

        assertThat(run.get("status")).isEqualTo("COMPLETED");
        assertThat(onlyStep(run))
            .containsEntry("attempts", 2)
            .containsEntry("agentId", "holder-healthy");
        assertThat(streams.entriesOf(stream, runId))
            .extracting(m -> m.getBody().get("attempt"))
            .containsExactly("1", "2");
        assertThat(signals(runId)).isEqualTo(1);
      }
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> onlyStep(Map<String, Object> run) {
    List<Map<String, Object>> steps = (List<Map<String, Object>>) run.get("steps");
    assertThat(steps).hasSize(1);
    return steps.get(0);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> stepNamed(Map<String, Object> run, String name) {
    return ((List<Map<String, Object>>) run.get("steps"))
        .stream()
            .filter(step -> name.equals(step.get("name")))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no step " + name + " in " + run));
  }

  private long signals(String runId) {
    return signals(stack, runId);
  }

  /** The signals the run received: one per reply let into it. */
  static long signals(TestStack stack, String runId) {
    return stack.temporal.fetchHistory(runId).getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)
        .count();
  }
}
