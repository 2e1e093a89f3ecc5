package dev.chorus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chorus.protocol.Streams;
import dev.chorus.registry.CapabilityLimitStore;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An agent whose upstream throttles it answers {@code retryAfter: 5s}: the run dispatches the step
 * again no sooner than 5 s later, though its retry policy would have waited 100 ms. Measured from
 * the times Temporal recorded the two replies' signals.
 */
@ChorusE2E
class RetryAfterIT {

  private final TestStack stack;
  private final Gateway gateway;

  RetryAfterIT(TestStack stack) {
    this.stack = stack;
    this.gateway = new Gateway(stack.gatewayUrl);
  }

  @Test
  void theNextDispatchWaitsForTheAgentsRetryAfter() throws Exception {
    String pipeline = "retry-after-" + UUID.randomUUID().toString().substring(0, 8);
    String yaml =
        "name: "
            + pipeline
            + "\nversion: 1\nsteps:\n"
            + "  - name: throttled\n    kind: agent\n    capability: test.retry-after\n"
            + "    input: { retryAfter: \"'5S'\" }\n"
            + "    retry: { initialInterval: 100ms, maximumAttempts: 3 }\n";
    assertThat(gateway.post("/api/v1/pipelines", "application/yaml", yaml).statusCode())
        .isEqualTo(201);
    try (AgentProcess agent = stack.agents.echo("retry-after-echo", "test.retry-after")) {
      String runId = gateway.start(pipeline, Map.of("input", Map.of()));
      Map<String, Object> run = gateway.awaitEnd(runId, Duration.ofSeconds(60));
      assertThat(run.get("status")).as("run " + run).isEqualTo("COMPLETED");
      assertThat(AgentCrashIT.stepNamed(run, "throttled")).containsEntry("attempts", 2);

      List<Instant> replies =
          stack.temporal.fetchHistory(runId).getEvents().stream()
              .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)
              .map(RetryAfterIT::time)
              .toList();
      assertThat(replies).as("the throttled reply, then the answer").hasSize(2);
      Duration between = Duration.between(replies.get(0), replies.get(1));
      System.out.println("second reply " + between + " after the throttled one");
      assertThat(between).isGreaterThanOrEqualTo(Duration.ofSeconds(5));
    }
  }

  /**
   * An agent whose upstream throttles every agent pauses its capability for 4 s: a run started
   * during the pause, of another pipeline, is dispatched no sooner than the pause ends, and both
   * complete.
   */
  @Test
  void aPausedCapabilityIsDispatchedToByNoRunUntilThePauseEnds() throws Exception {
    String capability = "test.pause";
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String pausing = "pausing-" + suffix;
    String other = "paused-" + suffix;
    for (String[] p :
        List.of(
            new String[] {pausing, "    input: { pauseCapability: \"'4S'\" }\n"},
            new String[] {other, ""})) {
      String yaml =
          "name: "
              + p[0]
              + "\nversion: 1\nsteps:\n"
              + "  - name: call\n    kind: agent\n    capability: "
              + capability
              + "\n"
              + p[1]
              + "    retry: { initialInterval: 100ms, maximumAttempts: 3 }\n";
      assertThat(gateway.post("/api/v1/pipelines", "application/yaml", yaml).statusCode())
          .isEqualTo(201);
    }
    try (AgentProcess agent = stack.agents.echo("pause-echo", capability)) {
      String first = gateway.start(pausing, Map.of("input", Map.of()));
      await("the capability is paused")
          .atMost(Duration.ofSeconds(60))
          .until(() -> stack.redis.hget(CapabilityLimitStore.PAUSES, capability) != null);
      long pausedUntil = Long.parseLong(stack.redis.hget(CapabilityLimitStore.PAUSES, capability));
      String second = gateway.start(other, Map.of("input", Map.of()));
      for (String runId : List.of(first, second)) {
        assertThat(gateway.awaitEnd(runId, Duration.ofSeconds(60)).get("status"))
            .isEqualTo("COMPLETED");
      }
      long dispatched =
          stack.redis.xrange(Streams.live(second), Range.create("-", "+")).stream()
              .map(StreamMessage::getBody)
              .filter(body -> "step.dispatched".equals(body.get("type")))
              .mapToLong(body -> Long.parseLong(body.get("at")))
              .min()
              .orElseThrow();
      System.out.println(
          "run started during the pause dispatched " + (dispatched - pausedUntil) + " ms after it");
      assertThat(dispatched).isGreaterThanOrEqualTo(pausedUntil);
    } finally {
      stack.redis.hdel(CapabilityLimitStore.PAUSES, capability);
    }
  }

  private static Instant time(HistoryEvent event) {
    return Instant.ofEpochSecond(
        event.getEventTime().getSeconds(), event.getEventTime().getNanos());
  }
}
