package dev.chorus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chorus.protocol.RegistryKeys;
import dev.chorus.protocol.Streams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Scale-in under load: an agent told to stop (SIGTERM, as Kubernetes sends the pod a scaler
 * removes) while it holds tasks stops reading, answers what it holds and withdraws, well within the
 * grace period the manifests give it (60 s), and no task is lost or answered twice.
 */
@ChorusE2E
class ScaleInIT {

  private static final int RUNS = 24;
  private static final int CONCURRENCY = 4;

  /** Far below the manifests' terminationGracePeriodSeconds, which must cover the longest step. */
  private static final Duration GRACE = Duration.ofSeconds(30);

  private final TestStack stack;
  private final StreamInspector streams;
  private final Gateway gateway;
  private final String stream = Streams.tasks(HoldingAgent.CAPABILITY, 1);

  ScaleInIT(TestStack stack) {
    this.stack = stack;
    this.streams = new StreamInspector(stack.redis);
    this.gateway = new Gateway(stack.gatewayUrl);
  }

  @Test
  void aJavaAgentStoppedWhileItHoldsTasksAnswersThemAndWithdraws() throws Exception {
    try (AgentProcess leaving =
        stack.agents.start(
            "scale-in-java",
            HoldingAgent.CAPABILITY,
            Map.of(
                "HOLD_MILLIS", "3000", "CHORUS_AGENT_CONCURRENCY", Integer.toString(CONCURRENCY)),
            HoldingAgent.class)) {
      List<String> runs = startRuns(leaving);
      try (AgentProcess staying = stayingAgent("scale-in-java-stays")) {
        long executedBefore = executed(leaving);
        long held = scaleIn(leaving);

        assertThat(executed(leaving) - executedBefore)
            .as("tasks the leaving agent finished after it was told to stop: those it held")
            .isBetween(1L, held);
        assertEveryRunCompletedOnce(runs, leaving.agentId, staying.agentId);
      }
    }
  }

  @Test
  void aPythonAgentStoppedWhileItHoldsTasksAnswersThemAndWithdraws() throws Exception {
    try (AgentProcess leaving =
        stack.agents.pythonHolding("scale-in-python", HoldingAgent.CAPABILITY, 3)) {
      List<String> runs = startRuns(leaving);
      try (AgentProcess staying = stayingAgent("scale-in-python-stays")) {
        scaleIn(leaving);

        assertEveryRunCompletedOnce(runs, leaving.agentId, staying.agentId);
      }
    }
  }

  private AgentProcess stayingAgent(String agentId) throws Exception {
    return stack.agents.start(
        agentId,
        HoldingAgent.CAPABILITY,
        Map.of("HOLD_MILLIS", "100", "CHORUS_AGENT_CONCURRENCY", Integer.toString(CONCURRENCY)),
        HoldingAgent.class);
  }

  /**
   * Starts the runs while {@code leaving} is the only agent, so it fills its slots and a backlog
   * builds behind it, then waits until it holds a full load.
   */
  private List<String> startRuns(AgentProcess leaving) throws Exception {
    List<String> runs = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      runs.add(gateway.start(TestPipelines.CRASH_RECOVERY, Map.of("input", Map.of("n", i))));
    }
    await("agent " + leaving.agentId + " holds " + CONCURRENCY + " tasks")
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> streams.pendingFor(stream, Streams.AGENT_GROUP, leaving.agentId) == CONCURRENCY);
    return runs;
  }

  /**
   * With another agent beside it and a backlog behind it, stops {@code leaving} while it holds
   * tasks, and checks how it left; returns how many it held.
   */
  private long scaleIn(AgentProcess leaving) {
    long held = streams.pendingFor(stream, Streams.AGENT_GROUP, leaving.agentId);
    assertThat(held).as("tasks %s holds when it is told to stop", leaving.agentId).isPositive();
    long stoppedAt = System.nanoTime();
    leaving.terminate();
    leaving.awaitExit(GRACE);

    System.out.printf(
        "agent %s held %d tasks and exited %d ms after SIGTERM%n",
        leaving.agentId, held, Duration.ofNanos(System.nanoTime() - stoppedAt).toMillis());
    assertThat(streams.pendingFor(stream, Streams.AGENT_GROUP, leaving.agentId))
        .as("tasks left unanswered by %s", leaving.agentId)
        .isZero();
    assertThat(stack.redis.exists(RegistryKeys.agent(HoldingAgent.CAPABILITY, leaving.agentId)))
        .as("registry entry of %s", leaving.agentId)
        .isZero();
    // Logged after the withdrawal; the log is copied from the process's output as it comes.
    await("agent " + leaving.agentId + " logs its withdrawal")
        .atMost(Duration.ofSeconds(10))
        .until(() -> leaving.output().contains("agent stopped"));
    return held;
  }

  private static long executed(AgentProcess agent) {
    return agent.reports().stream().filter(line -> line.startsWith(HoldingAgent.EXECUTED)).count();
  }

  private void assertEveryRunCompletedOnce(List<String> runs, String leaving, String staying) {
    List<Object> answeredBy = new ArrayList<>();
    for (String runId : runs) {
      Map<String, Object> run = gateway.awaitEnd(runId, Duration.ofSeconds(90));
      assertThat(run.get("status")).as(runId).isEqualTo("COMPLETED");
      Map<String, Object> step = AgentCrashIT.onlyStep(run);
      // Answered at the first dispatch: nothing waited for a timeout to be dispatched again.
      assertThat(step).as(runId).containsEntry("attempts", 1);
      answeredBy.add(step.get("agentId"));
      assertThat(AgentCrashIT.signals(stack, runId)).as("replies let into %s", runId).isEqualTo(1);
      // Delivered once: the leaving agent answered what it held, so neither the lease reaper nor
      // the reclaimer had anything to hand on.
      assertThat(streams.entriesOf(stream, runId))
          .as(runId)
          .extracting(m -> m.getBody().get("delivery"))
          .containsOnly("1");
    }
    assertThat(answeredBy).contains(leaving, staying).containsOnly(leaving, staying);
  }
}
