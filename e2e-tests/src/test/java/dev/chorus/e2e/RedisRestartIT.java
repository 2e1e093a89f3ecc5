package dev.chorus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chorus.protocol.Streams;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Redis restarts (append-only file on) in the middle of 100 two-step runs: readiness says DOWN
 * meanwhile, the bridge and the agents reconnect by themselves, and every run completes with its
 * own output. Delivery is at least once, so across the restart a reply may be signalled twice (its
 * acknowledgement failed) and a task may run twice (handed out again); what must hold is that each
 * step applied exactly one reply, and that no agent ran one delivery of a task twice.
 */
@ChorusE2E
class RedisRestartIT {

  private static final int RUNS = 100;
  private static final List<String> STEPS = List.of("first", "second");
  private static final String STREAM = Streams.tasks("test.echo", 1);

  private final TestStack stack;
  private final Gateway gateway;
  private final ObjectMapper json = new ObjectMapper();

  RedisRestartIT(TestStack stack) {
    this.stack = stack;
    this.gateway = new Gateway(stack.gatewayUrl);
  }

  @Test
  void everyStepAppliesOneReplyAcrossARedisRestart() throws Exception {
    try (AgentProcess a =
            stack.agents.start(
                "restart-echo-1",
                "test.echo",
                Map.of("CAPABILITY", "test.echo"),
                HoldingAgent.class);
        AgentProcess b =
            stack.agents.start(
                "restart-echo-2",
                "test.echo",
                Map.of("CAPABILITY", "test.echo"),
                HoldingAgent.class)) {
      List<String> runs = new ArrayList<>();
      for (int i = 0; i < RUNS; i++) {
        runs.add(gateway.start(TestPipelines.REDIS_RESTART, Map.of("input", Map.of("n", i))));
      }
      await("some runs are through, others not yet")
          .atMost(Duration.ofSeconds(60))
          .until(() -> completed() >= 20);

      // While Redis is down the process is alive but not ready: out of traffic, not restarted.
      Gateway anonymous = new Gateway(stack.gatewayUrl, null, null);
      stack.redisServer.stop();
      Gateway.Response readiness = anonymous.get("/actuator/health/readiness");
      assertThat(readiness.status()).isEqualTo(503);
      assertThat(readiness.body().get("components").toString())
          .contains("redis={status=DOWN}")
          .contains("temporal={status=UP}");
      assertThat(anonymous.get("/actuator/health/liveness").body()).containsEntry("status", "UP");
      stack.redisServer.start();

      try {
        await("all " + RUNS + " runs end")
            .atMost(Duration.ofMinutes(3))
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> ended() == RUNS);
      } catch (ConditionTimeoutException e) {
        throw new AssertionError("runs still open after the restart: " + describe(open(runs)), e);
      }
      if (completed() != RUNS) {
        throw new AssertionError("runs that ended otherwise: " + describe(open(runs)));
      }

      // The agents report an execution before they answer, but the test reads their output a little
      // later.
      Set<String> tasks =
          deliveries().values().stream()
              .flatMap(List::stream)
              .filter(m -> runs.contains(m.getBody().get("workflowId")))
              .map(m -> m.getBody().get("taskId"))
              .collect(Collectors.toSet());
      assertThat(tasks).as("task ids of the runs").hasSize(RUNS * STEPS.size());
      await("every task's execution is reported")
          .atMost(Duration.ofSeconds(30))
          .until(() -> executions(a, b).keySet().containsAll(tasks));
      Map<String, Long> executions = executions(a, b);
      // Read after the executions: every execution counted is of an entry already on the stream.
      Map<String, List<StreamMessage<String, String>>> deliveries = deliveries();
      int signalledTwice = 0;
      int ranTwice = 0;
      for (int i = 0; i < RUNS; i++) {
        String runId = runs.get(i);
        Map<String, Object> run = gateway.run(runId);
        assertThat(run.get("status")).as(runId).isEqualTo("COMPLETED");
        assertThat(run.get("output").toString()).as(runId).contains("echo={n=" + i + "}");
        Map<String, Long> signals = replySignalsByTask(runId);
        for (String step : STEPS) {
          String taskId = taskIdOf(deliveries, runId, step);
          int ignored = (Integer) AgentCrashIT.stepNamed(run, step).get("duplicateReplies");
          // Every signal for the task is either the one reply the step applied or a duplicate it
          // ignored.
          assertThat(signals.getOrDefault(taskId, 0L))
              .as("reply signals for %s of %s, %d ignored", step, runId, ignored)
              .isEqualTo(1L + ignored);
          // Each delivery (a stream entry) runs at most once; a task runs again only when it was
          // handed out again.
          assertThat(executions.getOrDefault(taskId, 0L))
              .as("executions of task %s (%s of %s)", taskId, step, runId)
              .isBetween(1L, (long) deliveries.get(taskId).size());
          signalledTwice += ignored > 0 ? 1 : 0;
          ranTwice += executions.get(taskId) > 1 ? 1 : 0;
        }
      }
      System.out.printf(
          "across the Redis restart: %d of %d tasks signalled more than once, %d ran more than once%n",
          signalledTwice, RUNS * STEPS.size(), ranTwice);
    }
  }

  /** The entries of the echo stream, by task id: each entry is one delivery of its task. */
  private Map<String, List<StreamMessage<String, String>>> deliveries() {
    return stack.redis.xrange(STREAM, Range.create("-", "+")).stream()
        .collect(Collectors.groupingBy(m -> m.getBody().get("taskId")));
  }

  /** How often the agents ran each task, as they reported it. */
  private static Map<String, Long> executions(AgentProcess... agents) {
    return Arrays.stream(agents)
        .flatMap(agent -> agent.reports().stream())
        .filter(line -> line.startsWith(HoldingAgent.EXECUTED))
        .collect(
            Collectors.groupingBy(
                line -> line.substring(HoldingAgent.EXECUTED.length()), Collectors.counting()));
  }

  /** The task id the run dispatched {@code step} under: one for all of the step's deliveries. */
  private static String taskIdOf(
      Map<String, List<StreamMessage<String, String>>> deliveries, String runId, String step) {
    List<String> taskIds =
        deliveries.values().stream()
            .flatMap(List::stream)
            .filter(
                m ->
                    runId.equals(m.getBody().get("workflowId"))
                        && step.equals(m.getBody().get("step")))
            .map(m -> m.getBody().get("taskId"))
            .distinct()
            .toList();
    assertThat(taskIds).as("task ids of %s in %s", step, runId).hasSize(1);
    return taskIds.get(0);
  }

  /** Reply signals in the run's history, by the task id each names. */
  private Map<String, Long> replySignalsByTask(String runId) {
    return stack.temporal.fetchHistory(runId).getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)
        .map(this::taskIdOfSignal)
        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
  }

  private String taskIdOfSignal(HistoryEvent event) {
    try {
      return json.readTree(
              event
                  .getWorkflowExecutionSignaledEventAttributes()
                  .getInput()
                  .getPayloads(0)
                  .getData()
                  .toByteArray())
          .path("taskId")
          .asText();
    } catch (IOException e) {
      throw new AssertionError("a reply signal of " + event + " that is not JSON", e);
    }
  }

  /** The runs of {@code runs} that have not completed, by what the gateway says of them. */
  private Map<String, Object> open(List<String> runs) throws IOException, InterruptedException {
    Map<String, Object> open = new java.util.LinkedHashMap<>();
    for (String runId : runs) {
      Map<String, Object> run = gateway.run(runId);
      if (!"COMPLETED".equals(run.get("status"))) {
        open.put(runId, run);
      }
    }
    return open;
  }

  /** The status and steps of each run, few enough to read in a failure message. */
  private static String describe(Map<String, Object> runs) {
    return runs.size()
        + " "
        + runs.entrySet().stream()
            .limit(5)
            .map(
                e -> {
                  Map<?, ?> run = (Map<?, ?>) e.getValue();
                  return e.getKey() + " " + run.get("status") + " " + run.get("steps");
                })
            .collect(Collectors.joining("; "));
  }

  private long ended() {
    return stack
        .temporal
        .countWorkflows(
            "ChorusPipeline='" + TestPipelines.REDIS_RESTART + "' AND ExecutionStatus!='Running'")
        .getCount();
  }

  private long completed() {
    return stack
        .temporal
        .countWorkflows(
            "ChorusPipeline='" + TestPipelines.REDIS_RESTART + "' AND ExecutionStatus='Completed'")
        .getCount();
  }
}
