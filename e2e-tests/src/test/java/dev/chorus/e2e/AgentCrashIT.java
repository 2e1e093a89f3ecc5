package dev.chorus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chorus.protocol.Streams;
import io.temporal.api.enums.v1.EventType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An agent killed (SIGKILL) while it holds a task: the run still completes, answered by another agent. */
class AgentCrashIT {

  @Test
  void aTaskHeldByAKilledAgentIsDispatchedAgainAfterItsTimeout() throws Exception {
    TestStack stack = TestStack.get();
    StreamInspector streams = new StreamInspector(stack.redis);
    String stream = Streams.tasks(HoldingAgent.CAPABILITY);
    Gateway gateway = new Gateway(stack.gatewayUrl);

    AgentProcess doomed = AgentProcess.start("holder-doomed", Map.of("HOLD_MILLIS", "600000"), HoldingAgent.class.getName());
    String runId = gateway.start("crash-recovery", Map.of("input", Map.of("n", 1)));
    await("the doomed agent holds the task")
        .atMost(Duration.ofSeconds(30))
        .until(() -> streams.pendingFor(stream, Streams.AGENT_GROUP, doomed.agentId) == 1);
    doomed.kill();

    try (AgentProcess healthy = AgentProcess.start("holder-healthy", Map.of(), HoldingAgent.class.getName())) {
      Map<String, Object> run = gateway.awaitEnd(runId, Duration.ofSeconds(60));

      assertThat(run.get("status")).isEqualTo("COMPLETED");
      assertThat(run.get("output")).isEqualTo(Map.of("hold", Map.of("answeredBy", "holder-healthy", "attempt", 2)));
      @SuppressWarnings("unchecked")
      Map<String, Object> step = ((List<Map<String, Object>>) run.get("steps")).get(0);
      assertThat(step).containsEntry("attempts", 2).containsEntry("agentId", "holder-healthy");
      assertThat(streams.entriesOf(stream, runId)).hasSize(2);
      long signals = stack.temporal.fetchHistory(runId).getEvents().stream()
          .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)
          .count();
      assertThat(signals).isEqualTo(1);
    }
  }
}
