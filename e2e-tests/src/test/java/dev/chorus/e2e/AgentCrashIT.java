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
    String stream = Streams.tasks(HoldingAgent.CAPABILITY, 1);
    Gateway gateway = new Gateway(stack.gatewayUrl);

    // A long lease: this test is about the step's timeout, not about the registry dropping the agent.
    AgentProcess doomed = AgentProcess.start(
        "holder-doomed", Map.of("HOLD_MILLIS", "600000", "CHORUS_AGENT_LEASE", "10m"), HoldingAgent.class.getName());
    String runId = gateway.start(TestPipelines.CRASH_RECOVERY, Map.of("input", Map.of("n", 1)));
    await("the doomed agent holds the task")
        .atMost(Duration.ofSeconds(30))
        .until(() -> streams.pendingFor(stream, Streams.AGENT_GROUP, doomed.agentId) == 1);
    doomed.kill();

    try (AgentProcess healthy = AgentProcess.start("holder-healthy", Map.of(), HoldingAgent.class.getName())) {
      Map<String, Object> run = gateway.awaitEnd(runId, Duration.ofSeconds(60));

      // How many dispatches expire before the new agent's JVM is up depends on the machine; what
      // must hold is that a later dispatch, not the held one, was answered, by the healthy agent.
      assertThat(run.get("status")).isEqualTo("COMPLETED");
      @SuppressWarnings("unchecked")
      Map<String, Object> step = ((List<Map<String, Object>>) run.get("steps")).get(0);
      assertThat(step).containsEntry("agentId", "holder-healthy");
      int attempts = (Integer) step.get("attempts");
      assertThat(attempts).isGreaterThanOrEqualTo(2);
      assertThat(run.get("output")).isEqualTo(Map.of("hold", Map.of("answeredBy", "holder-healthy", "attempt", attempts)));
      assertThat(streams.entriesOf(stream, runId)).hasSize(attempts);
      long signals = stack.temporal.fetchHistory(runId).getEvents().stream()
          .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)
          .count();
      assertThat(signals).isEqualTo(1);
    }
  }
}
