package dev.chorus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chorus.pipeline.PipelineRun;
import dev.chorus.pipeline.PipelineWorkflow;
import dev.chorus.protocol.StreamGroups;
import dev.chorus.protocol.Streams;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A flood of dispatches to a capability with one slow agent: the backlog never passes its limit,
 * refused dispatches back off and retry, the capability's scale signals ask for more agents, and
 * every run completes once the agent catches up.
 */
@ChorusE2E
class BackpressureIT {

  /** How many runs flood the capability; {@code -Dchorus.e2e.flood-runs=N} to change. */
  private static final int RUNS = Integer.getInteger("chorus.e2e.flood-runs", 300);

  private final TestStack stack;
  private final Gateway gateway;
  private final String stream = Streams.tasks("test.slow", 1);

  BackpressureIT(TestStack stack) {
    this.stack = stack;
    this.gateway = new Gateway(stack.gatewayUrl);
  }

  @Test
  void theBacklogStaysUnderItsLimitAndEveryRunCompletes() throws Exception {
    PipelineRun slow = PipelineRun.of(stack.pipeline(TestPipelines.SLOW), Map.of());
    AtomicLong highest = new AtomicLong();
    ExecutorService sampler = Executors.newSingleThreadExecutor();
    Future<?> sampling =
        sampler.submit(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                highest.accumulateAndGet(backlog(), Math::max);
                // A sample every millisecond or so sees every plateau without taking a core from
                // the stack.
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
              }
            });
    // The one slow agent sits on its first task until released: the stream fills to its limit
    // behind
    // it and the rest of the flood is refused and retried until the agent works the backlog down.
    String release = "test:flood:release";
    stack.redis.del(release);
    try (AgentProcess agent =
        stack.agents.start(
            "slow-1",
            "test.slow",
            Map.of(
                "CAPABILITY",
                "test.slow",
                "RELEASE_KEY",
                release,
                "RELEASE_REDIS_URI",
                stack.redisServer.uri(),
                "HOLD_MILLIS",
                "2",
                "CHORUS_AGENT_CONCURRENCY",
                "1"),
            HoldingAgent.class)) {
      long attemptsBefore = appendAttempts();
      ExecutorService starters = Executors.newFixedThreadPool(8);
      List<Future<?>> started = startAll(slow, starters);
      await("the backlog reaches its limit")
          .atMost(Duration.ofMinutes(10))
          .until(() -> highest.get() >= TestStack.MAX_BACKLOG);
      // Refused dispatches are retried with back-off; wait until some were before letting the agent
      // go.
      await("a dispatch is refused")
          .atMost(Duration.ofMinutes(5))
          .until(() -> appendAttempts() - attemptsBefore > TestStack.MAX_BACKLOG);
      assertScaleSignalsAskForTheMostReplicas();
      stack.redis.set(release, "go");
      assertScaleSignalsShowTasksArrivingAndCompleting();
      for (Future<?> start : started) {
        start.get();
      }
      starters.shutdown();
      await("all " + RUNS + " runs complete")
          // A small machine completes a few runs a second while it also starts the rest; larger
          // floods get longer.
          .atMost(Duration.ofMinutes(Math.max(20, RUNS / 100)))
          .pollInterval(Duration.ofSeconds(2))
          .until(
              () ->
                  stack
                          .temporal
                          .countWorkflows(
                              "ChorusPipeline='"
                                  + TestPipelines.SLOW
                                  + "' AND ExecutionStatus='Completed'")
                          .getCount()
                      == RUNS);
      sampling.cancel(true);
      sampler.shutdownNow();
      assertThat(appendAttempts() - attemptsBefore - RUNS)
          .as("dispatches refused, then retried")
          .isPositive();
    } finally {
      sampling.cancel(true);
      sampler.shutdownNow();
    }

    assertThat(highest.get()).as("highest backlog seen").isEqualTo(TestStack.MAX_BACKLOG);
  }

  /**
   * With a full backlog behind one agent, the capability asks for its most replicas (the defaults,
   * as in the manifests: ceil(lag / 8), at most 8), in the API and on the Prometheus page.
   */
  private void assertScaleSignalsAskForTheMostReplicas() throws Exception {
    await("the API asks for the most replicas")
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(slowScale()).containsEntry("desiredReplicas", 8));
    await("the gauge asks for the most replicas")
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        gateway.gauge(
                            "chorus_capability_desired_replicas",
                            "capability=\"test.slow\"",
                            "major=\"1\""))
                    .isEqualTo(8.0));
  }

  /** Once the agent works, tasks both arrive (refused dispatches retried) and complete. */
  private void assertScaleSignalsShowTasksArrivingAndCompleting() {
    await("the API shows tasks arriving and completing")
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              Map<String, Object> scale = slowScale();
              assertThat((Double) scale.get("arrivalRate")).as("arrival rate").isPositive();
              assertThat((Double) scale.get("completionRate")).as("completion rate").isPositive();
            });
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> slowScale() throws Exception {
    return gateway.capabilities().stream()
        .filter(c -> "test.slow".equals(c.get("capability")))
        .flatMap(c -> ((List<Map<String, Object>>) c.get("majors")).stream())
        .map(major -> (Map<String, Object>) major.get("scale"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("test.slow is not listed"));
  }

  /**
   * Counted as dispatch counts it: unread plus in hand, or the whole stream before any agent
   * joined.
   */
  private long backlog() {
    if (stack.redis.exists(stream) == 0) {
      return 0;
    }
    return StreamGroups.info(stack.redis, stream, Streams.AGENT_GROUP)
        .map(g -> ((Number) g.get("lag")).longValue() + ((Number) g.get("pending")).longValue())
        .orElseGet(() -> stack.redis.xlen(stream));
  }

  /**
   * Starts every run from a few threads, without waiting: the flood builds up while the test
   * watches.
   */
  private List<Future<?>> startAll(PipelineRun run, ExecutorService starters) {
    List<Future<?>> started = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      String id = "flood-" + i;
      started.add(
          starters.submit(
              () -> {
                PipelineWorkflow workflow =
                    stack.temporal.newWorkflowStub(
                        PipelineWorkflow.class, stack.runOptions(id, TestPipelines.SLOW).build());
                WorkflowClient.start(workflow::run, run);
              }));
    }
    return started;
  }

  /**
   * Calls of the bounded-append script so far. Each run dispatches once successfully, so calls
   * beyond one per run are refused dispatches that were retried (as an activity or a local activity
   * alike).
   */
  private long appendAttempts() {
    return java.util.Arrays.stream(stack.redis.info("commandstats").split("\r?\n"))
        .filter(line -> line.startsWith("cmdstat_evalsha:"))
        .mapToLong(line -> Long.parseLong(line.replaceAll("^[^:]+:calls=(\\d+),.*", "$1")))
        .findFirst()
        .orElse(0);
  }
}
