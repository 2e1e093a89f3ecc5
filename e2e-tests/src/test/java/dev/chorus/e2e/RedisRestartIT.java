package dev.chorus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.temporal.api.enums.v1.EventType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Redis restarts (append-only file on) in the middle of 200 runs: readiness says DOWN meanwhile, the bridge and the agents
 * reconnect by themselves, every run completes, and none completes twice.
 */
class RedisRestartIT {

  private static final int RUNS = 200;

  private final TestStack stack = TestStack.get();
  private final Gateway gateway = new Gateway(stack.gatewayUrl);

  @Test
  void everyRunCompletesOnceAcrossARedisRestart() throws Exception {
    try (AgentProcess a = AgentProcess.start("restart-echo-1", Map.of("CAPABILITY", "test.echo"), HoldingAgent.class.getName());
        AgentProcess b = AgentProcess.start("restart-echo-2", Map.of("CAPABILITY", "test.echo"), HoldingAgent.class.getName())) {
      List<String> runs = new ArrayList<>();
      for (int i = 0; i < RUNS; i++) {
        runs.add(gateway.start(TestPipelines.REDIS_RESTART, Map.of("input", Map.of("n", i))));
      }
      await("some runs are through, others not yet")
          .atMost(Duration.ofSeconds(60))
          .until(() -> completed() >= 20);

      // While Redis is down the process is alive but not ready: out of traffic, not restarted.
      Gateway anonymous = new Gateway(stack.gatewayUrl, null, null);
      TestRedis.restart(() -> {
        Gateway.Response readiness = anonymous.get("/actuator/health/readiness");
        assertThat(readiness.status()).isEqualTo(503);
        assertThat(readiness.body().get("components").toString()).contains("redis={status=DOWN}").contains("temporal={status=UP}");
        assertThat(anonymous.get("/actuator/health/liveness").body()).containsEntry("status", "UP");
      });

      await("all " + RUNS + " runs complete")
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> completed() == RUNS);
      for (int i = 0; i < RUNS; i++) {
        Map<String, Object> run = gateway.run(runs.get(i));
        assertThat(run.get("status")).as(runs.get(i)).isEqualTo("COMPLETED");
        assertThat(run.get("output").toString()).as(runs.get(i)).contains("echo={n=" + i + "}");
        long closings = stack.temporal.fetchHistory(runs.get(i)).getEvents().stream()
            .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED)
            .count();
        assertThat(closings).as("completions of " + runs.get(i)).isEqualTo(1);
      }
    }
  }

  private long completed() {
    return stack.temporal
        .countWorkflows("ChorusPipeline='" + TestPipelines.REDIS_RESTART + "' AND ExecutionStatus='Completed'")
        .getCount();
  }
}
