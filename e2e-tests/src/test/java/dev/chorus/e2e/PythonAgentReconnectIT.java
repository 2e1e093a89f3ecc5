package dev.chorus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Python example agent outlives Redis going away under it: paused (SIGSTOP) for longer than
 * redis-py's socket timeout, so that its commands time out rather than fail to connect, and
 * restarted. Afterwards it takes the next task of its capability by itself, with no restart.
 */
@ChorusE2E
class PythonAgentReconnectIT {

  private static final String TEXT = "Redis went away. The agent stayed.";

  private final TestStack stack;
  private final Gateway gateway;

  PythonAgentReconnectIT(TestStack stack) {
    this.stack = stack;
    this.gateway = new Gateway(stack.gatewayUrl);
  }

  @Test
  void answersAfterRedisWasPausedPastTheSocketTimeout() throws Exception {
    try (AgentProcess agent = stack.agents.python("reconnect-stats-pause")) {
      try (var paused = stack.redisServer.suspend()) {
        // Paused until the agent's commands have timed out, whatever redis-py's retries add.
        await("the agent's Redis commands time out (log: " + agent.agentId + ")")
            .atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> agent.output().contains("TimeoutError"));
      }
      assertAnswers(agent);
    }
  }

  @Test
  void answersAfterRedisRestarted() throws Exception {
    try (AgentProcess agent = stack.agents.python("reconnect-stats-restart")) {
      stack.redisServer.restart();
      assertAnswers(agent);
    }
  }

  /** A run of the agent's capability completes, answered by this agent. */
  private void assertAnswers(AgentProcess agent) throws Exception {
    String runId = gateway.start(TestPipelines.PYTHON_STATS, Map.of("input", Map.of("text", TEXT)));
    Map<String, Object> run = gateway.awaitEnd(runId, Duration.ofSeconds(90));
    assertThat(run.get("status"))
        .as("run %s (%s); the agent's output:%n%s", runId, run, agent.output())
        .isEqualTo("COMPLETED");
    assertThat(run.get("output"))
        .isEqualTo(
            Map.of(
                "stats",
                Map.of("words", 6, "sentences", 2, "averageWordLength", 4.5, "readingSeconds", 2)));
    assertThat(AgentCrashIT.stepNamed(run, "stats")).containsEntry("agentId", agent.agentId);
  }
}
