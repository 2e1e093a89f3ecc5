package dev.chorus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chorus.protocol.Streams;
import io.lettuce.core.Range;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The push role delivering a capability to an HTTP agent in its own process, with a concurrency of
 * four: a flood of runs all complete, each reply applied once, though the agent is killed in the
 * middle of its requests and started again.
 */
@ChorusE2E
class PushDeliveryIT {

  private static final int RUNS = 500;

  private final TestStack stack;
  private final Gateway gateway;
  private final MeterRegistry meters;

  PushDeliveryIT(TestStack stack) {
    this.stack = stack;
    this.gateway = new Gateway(stack.gatewayUrl);
    this.meters = stack.chorus.getBean(MeterRegistry.class);
  }

  @Test
  void fiveHundredRunsCompleteEachOnceThoughTheHttpAgentIsKilledMidRequest() throws Exception {
    String definition =
        """
        name: push-http
        version: 1
        steps:
          - name: echo
            kind: agent
            capability: test.push-http
            input: { n: input.n, chunks: "1", chunkMillis: "50" }
            timeout: 2m
        """;
    assertThat(gateway.post("/api/v1/pipelines", "application/yaml", definition).statusCode())
        .isIn(200, 201);
    long started = System.nanoTime();
    AgentProcess agent =
        stack.agents.http(
            "http-echo", TestStack.PUSH_CAPABILITY, stack.pushAgentPort, TestStack.PUSH_IN_FLIGHT);
    List<Future<String>> runs = new ArrayList<>();
    // Started from a few threads, so runs arrive faster than the agent answers them and the
    // agent is killed with its requests in hand.
    ExecutorService starters = Executors.newFixedThreadPool(4);
    try {
      for (int i = 0; i < RUNS; i++) {
        Map<String, Object> body = Map.of("input", Map.of("n", i));
        runs.add(starters.submit(() -> gateway.start("push-http", body)));
      }
      await("a hundred replies, and requests in flight")
          .atMost(Duration.ofSeconds(120))
          .until(() -> requests("reply") >= 100 && inFlight() > 0);
      agent.kill();
      double failedBefore = requests("failed");
      await("requests failing against the dead agent")
          .atMost(Duration.ofSeconds(30))
          .until(() -> requests("failed") > failedBefore);
      agent =
          stack.agents.http(
              "http-echo-again",
              TestStack.PUSH_CAPABILITY,
              stack.pushAgentPort,
              TestStack.PUSH_IN_FLIGHT);

      List<String> runIds = new ArrayList<>();
      for (Future<String> starting : runs) {
        runIds.add(starting.get());
      }
      // One poll over the runs still going, rather than a wait per run.
      Map<String, Map<String, Object>> ended = new HashMap<>();
      await("every run ends")
          .atMost(Duration.ofSeconds(180))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                for (String runId : runIds) {
                  if (!ended.containsKey(runId)) {
                    Map<String, Object> run = gateway.run(runId);
                    if (Gateway.FINAL.contains(run.get("status"))) {
                      ended.put(runId, run);
                    }
                  }
                }
                return ended.size() == RUNS;
              });
      // Each task entry dispatched for a run answered once: as many signals as entries. A loaded
      // worker may dispatch a step twice (its local activity run again after its workflow task
      // failed to report), and the second entry is answered too; the run ignores that duplicate.
      Map<String, Long> entries =
          stack
              .redis
              .xrange(Streams.tasks(TestStack.PUSH_CAPABILITY, 1), Range.create("-", "+"))
              .stream()
              .collect(
                  Collectors.groupingBy(m -> m.getBody().get("workflowId"), Collectors.counting()));
      List<Future<Long>> signals = new ArrayList<>();
      for (String runId : runIds) {
        assertThat(ended.get(runId).get("status")).as(runId).isEqualTo("COMPLETED");
        assertThat(AgentCrashIT.onlyStep(ended.get(runId))).containsEntry("attempts", 1);
        signals.add(starters.submit(() -> AgentCrashIT.signals(stack, runId)));
      }
      int dispatchedTwice = 0;
      for (int i = 0; i < RUNS; i++) {
        long dispatched = entries.getOrDefault(runIds.get(i), 0L);
        assertThat(signals.get(i).get())
            .as("replies applied to %s, whose task has %d entries", runIds.get(i), dispatched)
            .isEqualTo(dispatched);
        dispatchedTwice += dispatched > 1 ? 1 : 0;
      }
      System.out.printf("PushDeliveryIT: %d runs dispatched their step twice%n", dispatchedTwice);
    } finally {
      starters.shutdownNow();
      agent.close();
    }
    assertThat(requests("reply")).isGreaterThanOrEqualTo(RUNS);
    assertThat(stack.redis.xlen(Streams.deadTasks(TestStack.PUSH_CAPABILITY))).isZero();
    // The figure docs/architecture.md quotes for this test.
    System.out.printf(
        "PushDeliveryIT: %d runs in %d ms%n",
        RUNS, Duration.ofNanos(System.nanoTime() - started).toMillis());
  }

  private double requests(String outcome) {
    var counter =
        meters
            .find("chorus.push.requests")
            .tags("capability", TestStack.PUSH_CAPABILITY, "outcome", outcome)
            .counter();
    return counter == null ? 0 : counter.count();
  }

  private double inFlight() {
    var gauge =
        meters.find("chorus.push.in.flight").tags("capability", TestStack.PUSH_CAPABILITY).gauge();
    return gauge == null ? 0 : gauge.value();
  }
}
