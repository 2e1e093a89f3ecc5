package dev.chorus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chorus.protocol.Streams;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The Python agents on the SDK outlive what happens under them: Redis paused (SIGSTOP) for 20 s,
 * longer than redis-py's socket timeout, so that their commands time out rather than fail to
 * connect, and Redis restarted; afterwards the agent takes the next task of its capability by
 * itself, with no restart. An agent killed while it holds a task loses it to another agent, and the
 * run completes.
 */
@ChorusE2E
class PythonAgentReconnectIT {

  private static final String TEXT = "Redis went away. The agent stayed.";
  private static final Duration PAUSE = Duration.ofSeconds(20);

  private final TestStack stack;
  private final Gateway gateway;

  PythonAgentReconnectIT(TestStack stack) {
    this.stack = stack;
    this.gateway = new Gateway(stack.gatewayUrl);
  }

  @Test
  void answersAfterRedisWasPausedPastTheSocketTimeout() throws Exception {
    try (AgentProcess agent = stack.agents.python("reconnect-stats-pause")) {
      long pausedAt = System.nanoTime();
      try (var paused = stack.redisServer.suspend()) {
        // Paused until the agent's commands have timed out, whatever redis-py's retries add, and
        // for the whole pause an operator would call long.
        await("the agent's Redis commands time out (log: " + agent.agentId + ")")
            .atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> agent.output().contains("TimeoutError"));
        await("Redis stays paused for " + PAUSE)
            .atMost(PAUSE.plusMinutes(1))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> System.nanoTime() - pausedAt >= PAUSE.toNanos());
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

  /**
   * A Python agent killed (SIGKILL) while it holds a task: the task is handed to another agent of
   * its capability and the run completes once, answered by that one.
   */
  @Test
  void aTaskHeldByAKilledAgentIsAnsweredByAnother() throws Exception {
    String capability = "test.python-hold";
    String pipeline = "python-hold-" + UUID.randomUUID().toString().substring(0, 8);
    String yaml =
        "name: "
            + pipeline
            + "\nversion: 1\nsteps:\n  - name: hold\n    kind: agent\n    capability: "
            + capability
            + "\n    input: { n: input.n }\n";
    assertThat(gateway.post("/api/v1/pipelines", "application/yaml", yaml).statusCode())
        .isEqualTo(201);
    StreamInspector streams = new StreamInspector(stack.redis);
    String stream = Streams.tasks(capability, 1);
    String runId;
    AgentProcess doomed = stack.agents.pythonHolding("python-holder-killed", capability, 600);
    try {
      runId = gateway.start(pipeline, Map.of("input", Map.of("n", 7)));
      await("the doomed agent holds the task")
          .atMost(Duration.ofSeconds(30))
          .until(() -> streams.pendingFor(stream, Streams.AGENT_GROUP, doomed.agentId) == 1);
    } finally {
      doomed.kill();
    }
    try (AgentProcess rescuer =
        stack.agents.pythonHolding("python-holder-rescuer", capability, 0)) {
      Map<String, Object> run = gateway.awaitEnd(runId, Duration.ofSeconds(60));
      assertThat(run.get("status"))
          .as("run %s; rescuer:%n%s", run, rescuer.output())
          .isEqualTo("COMPLETED");
      assertThat(run.get("output")).isEqualTo(Map.of("hold", Map.of("echo", Map.of("n", 7))));
      assertThat(AgentCrashIT.stepNamed(run, "hold"))
          .containsEntry("attempts", 1)
          .containsEntry("agentId", rescuer.agentId);
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
