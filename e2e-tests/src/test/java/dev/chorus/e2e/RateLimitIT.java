package dev.chorus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chorus.pipeline.PipelineRun;
import dev.chorus.pipeline.PipelineWorkflow;
import dev.chorus.protocol.Streams;
import io.lettuce.core.Range;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * A capability limited to {@value #RATE} tasks a second with a burst of {@value #BURST}, flooded
 * with {@value #RUNS} runs: it is never handed more than the rate plus the burst in any second (by
 * Redis's clock, as its stream's entry ids record it), and every run completes. The agent's own
 * account is printed beside it.
 */
@ChorusE2E
class RateLimitIT {

  static final int RATE = 10;
  static final int BURST = 5;
  static final int RUNS = 500;
  private static final String CAPABILITY = "test.rated";

  private final TestStack stack;
  private final Gateway gateway;

  RateLimitIT(TestStack stack) {
    this.stack = stack;
    this.gateway = new Gateway(stack.gatewayUrl);
  }

  @Test
  void aFloodIsHandedOutAtTheRateAndNoRunFailsForIt() throws Exception {
    String pipeline = "rated-" + UUID.randomUUID().toString().substring(0, 8);
    var registered =
        gateway.post(
            "/api/v1/pipelines",
            "application/yaml",
            "name: "
                + pipeline
                + "\nversion: 1\nsteps:\n  - name: call\n    kind: agent\n    capability: "
                + CAPABILITY
                + "\n    timeout: 10m\n");
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
    Gateway.Response limited =
        gateway.put(
            "/api/v1/capabilities/" + CAPABILITY + "/limits", Map.of("rate", RATE, "burst", BURST));
    assertThat(limited.status()).as("%s", limited.body()).isEqualTo(200);

    try (AgentProcess agent =
        stack.agents.start(
            "rated-1",
            CAPABILITY,
            Map.of("CAPABILITY", CAPABILITY, "HOLD_MILLIS", "0", "CHORUS_AGENT_CONCURRENCY", "8"),
            HoldingAgent.class)) {
      await("the agent is registered")
          .atMost(Duration.ofSeconds(60))
          .until(() -> "ready".equals(gateway.agentState("rated-1")));
      assertThat(limitsShown()).containsEntry("burst", BURST);
      ExecutorService starters = Executors.newFixedThreadPool(8);
      List<Future<?>> started = new ArrayList<>();
      PipelineRun run = PipelineRun.of(stack.pipeline(pipeline), Map.of());
      for (int i = 0; i < RUNS; i++) {
        String id = pipeline + "-" + i;
        started.add(starters.submit(() -> start(id, pipeline, run)));
      }
      for (Future<?> start : started) {
        start.get();
      }
      starters.shutdown();
      // At the rate, the flood takes RUNS / RATE seconds to hand out.
      await("all " + RUNS + " runs complete")
          .atMost(Duration.ofMinutes(10))
          .pollInterval(Duration.ofSeconds(2))
          .until(() -> count(pipeline, "Completed") == RUNS);
      assertThat(count(pipeline, "Failed")).as("runs failed").isZero();

      // When Redis appended each task to the capability's stream, by its own clock, the one the
      // limit's bucket counts by: what the capability was handed, however late its agent read it.
      List<Long> handedOut =
          stack.redis.xrange(Streams.tasks(CAPABILITY, 1), Range.create("-", "+")).stream()
              .map(entry -> Long.parseLong(entry.getId().substring(0, entry.getId().indexOf('-'))))
              .sorted()
              .toList();
      // When the agent took each, by its clock: later than handed out when it was kept off the
      // CPU, so a stall shows as a bunch here.
      List<Long> taken =
          agent.reports().stream()
              .filter(line -> line.startsWith(HoldingAgent.RECEIVED))
              .map(line -> Long.parseLong(line.substring(HoldingAgent.RECEIVED.length())))
              .sorted()
              .toList();
      System.out.printf(
          "rate limit %d/s, burst %d: %d tasks handed out over %d ms, at most %d in any second;"
              + " the agent took %d, at most %d in any second by its own clock%n",
          RATE,
          BURST,
          handedOut.size(),
          handedOut.get(handedOut.size() - 1) - handedOut.get(0),
          mostInAnySecond(handedOut),
          taken.size(),
          mostInAnySecond(taken));
      // At least once: a dispatch repeated after a lost workflow task adds a task, never a run.
      assertThat(handedOut).hasSizeGreaterThanOrEqualTo(RUNS);
      assertThat(taken).hasSizeGreaterThanOrEqualTo(RUNS);
      assertThat(mostInAnySecond(handedOut))
          .as("tasks handed to the capability in its busiest second")
          .isLessThanOrEqualTo(RATE + BURST);
      assertThat(handedOut.get(handedOut.size() - 1) - handedOut.get(0))
          .as("the flood was handed out at the rate, not at once")
          .isGreaterThanOrEqualTo((RUNS - BURST) * 1000L / RATE - 1000);
    } finally {
      gateway.delete("/api/v1/capabilities/" + CAPABILITY + "/limits");
    }
  }

  private void start(String id, String pipeline, PipelineRun run) {
    PipelineWorkflow workflow =
        stack.temporal.newWorkflowStub(
            PipelineWorkflow.class, stack.runOptions(id, pipeline).build());
    WorkflowClient.start(workflow::run, run);
  }

  /** The most entries of {@code sorted} (milliseconds) within any window of one second. */
  static int mostInAnySecond(List<Long> sorted) {
    int most = 0;
    int first = 0;
    for (int last = 0; last < sorted.size(); last++) {
      while (sorted.get(last) - sorted.get(first) >= 1000) {
        first++;
      }
      most = Math.max(most, last - first + 1);
    }
    return most;
  }

  private long count(String pipeline, String status) {
    return stack
        .temporal
        .countWorkflows("ChorusPipeline='" + pipeline + "' AND ExecutionStatus='" + status + "'")
        .getCount();
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> limitsShown() throws Exception {
    return gateway.capabilities().stream()
        .filter(c -> CAPABILITY.equals(c.get("capability")))
        .map(c -> (Map<String, Object>) c.get("limits"))
        .findFirst()
        .orElseThrow();
  }
}
