package dev.chorus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chorus.protocol.DeadLetter;
import dev.chorus.protocol.DeadLetters;
import dev.chorus.protocol.Streams;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.temporal.api.enums.v1.EventType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Red team: a process that can write to the reply stream, as every agent can, tries to answer a run
 * it was never sent a task of, with what {@code GET /api/v1/runs/{id}} shows, and to swell a run's
 * history with large replies. Every forged or oversized reply is dead-lettered with a reason naming
 * the token or the size limit, the run never sees a signal of it, and the run completes with its
 * real agent's answer.
 */
@ChorusE2E
class ForgedRepliesIT {

  private static final String CAPABILITY = "test.forged";
  private static final String ONE_MIB = "{\"blob\":\"" + "x".repeat(1024 * 1024) + "\"}";

  private final TestStack stack;
  private final Gateway gateway;
  private final StreamInspector streams;

  ForgedRepliesIT(TestStack stack) {
    this.stack = stack;
    this.gateway = new Gateway(stack.gatewayUrl);
    this.streams = new StreamInspector(stack.redis);
  }

  @Test
  void repliesWithoutTheirDispatchsTokenAreDeadLetteredAndTheRunCompletesWithTheRealAnswer()
      throws Exception {
    String release = "forged-release-" + UUID.randomUUID();
    try (AgentProcess agent = holder("genuine-holder", release)) {
      String victim = gateway.start(TestPipelines.FORGED, Map.of("input", Map.of("n", 1)));
      Map<String, String> victimTask = heldTask(victim);
      // A second run, whose task waits unread behind the victim's: its token is one a thief of
      // that task would have.
      String other = gateway.start(TestPipelines.FORGED, Map.of("input", Map.of("n", 2)));
      Map<String, String> otherTask = taskOf(other);

      // Everything a viewer sees of the victim: its workflow id and Temporal run id.
      Map<String, Object> shown = gateway.run(victim);
      String workflowId = (String) shown.get("workflowId");
      String taskId = workflowId + "/" + shown.get("temporalRunId") + "/crawl";
      assertThat(taskId).isEqualTo(victimTask.get("taskId"));

      Map<String, String> reasons = new LinkedHashMap<>();
      reasons.put(xadd(forged(workflowId, taskId, null, ok())), "token: missing");
      reasons.put(xadd(forged(workflowId, taskId, null, failed())), "token: missing");
      reasons.put(
          xadd(forged(workflowId, taskId, "k1.99999999999.test.forged." + "A".repeat(43), ok())),
          "token: signed by an unknown key 'k1'");
      reasons.put(xadd(forged(workflowId, taskId, "made-up", ok())), "token: malformed");
      reasons.put(
          xadd(forged(workflowId, taskId, otherTask.get("token"), ok())),
          "token: does not match this dispatch");
      // The victim's own token on another dispatch id, as a guess at a later attempt.
      Map<String, String> laterAttempt = forged(workflowId, taskId, victimTask.get("token"), ok());
      laterAttempt.put("dispatchId", taskId + "#2");
      reasons.put(xadd(laterAttempt), "token: does not match this dispatch");

      awaitDeadLettered(reasons);
      assertThat(gateway.run(victim).get("status")).isEqualTo("RUNNING");
      assertThat(signals(victim)).as("signals the forgeries brought into the run").isZero();

      stack.redis.set(release, "1");
      Map<String, Object> run = gateway.awaitEnd(victim, Duration.ofSeconds(60));
      assertThat(run.get("status")).isEqualTo("COMPLETED");
      assertThat(AgentCrashIT.onlyStep(run))
          .containsEntry("attempts", 1)
          .containsEntry("agentId", agent.agentId);
      assertThat(run.get("output").toString()).contains("answeredBy").doesNotContain("forged=true");
      assertThat(signals(victim)).isEqualTo(1);
      assertThat(gateway.awaitEnd(other, Duration.ofSeconds(60)).get("status"))
          .isEqualTo("COMPLETED");
    }
  }

  @Test
  void fiftyRepliesOfOneMebibyteAreDeadLetteredAndTheRunCompletesNormally() throws Exception {
    String release = "flood-release-" + UUID.randomUUID();
    try (AgentProcess agent = holder("flood-holder", release)) {
      String victim = gateway.start(TestPipelines.FORGED, Map.of("input", Map.of("n", 3)));
      Map<String, String> task = heldTask(victim);

      // Half carry the victim's genuine token (a compromised agent that holds the task), half are
      // aimed at random task ids: the size is refused before anything else is looked at.
      Map<String, String> reasons = new LinkedHashMap<>();
      for (int i = 0; i < 50; i++) {
        Map<String, String> reply =
            i % 2 == 0
                ? forged(task.get("workflowId"), task.get("taskId"), task.get("token"), ok())
                : forged(task.get("workflowId"), "random-" + UUID.randomUUID(), null, ok());
        reply.put("output", ONE_MIB);
        reasons.put(xadd(reply), "bytes is over the limit of 262144 bytes");
      }

      awaitDeadLettered(reasons);
      assertThat(gateway.run(victim).get("status")).isEqualTo("RUNNING");
      assertThat(signals(victim)).isZero();

      stack.redis.set(release, "1");
      Map<String, Object> run = gateway.awaitEnd(victim, Duration.ofSeconds(60));
      assertThat(run.get("status")).isEqualTo("COMPLETED");
      assertThat(AgentCrashIT.onlyStep(run)).containsEntry("agentId", agent.agentId);
      assertThat(signals(victim)).isEqualTo(1);
    }
  }

  @Test
  void aForgedReplyToAnInvocationIsDeadLetteredAndTheCallerGetsTheRealAnswer() throws Exception {
    String release = "invoke-release-" + UUID.randomUUID();
    try (AgentProcess agent = holder("invoke-holder", release)) {
      CompletableFuture<Gateway.Response> answer =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return gateway.post(
                      "/api/v1/capabilities/" + CAPABILITY + "/invoke",
                      Map.of("input", Map.of("asked", "really"), "timeoutMillis", 30_000));
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      String stream = Streams.tasks(CAPABILITY, 1);
      await("the invocation's task is on its stream")
          .atMost(Duration.ofSeconds(30))
          .until(() -> invocation(stream).isPresent());
      Map<String, String> task = invocation(stream).orElseThrow();

      Map<String, String> forged = forged(task.get("workflowId"), task.get("taskId"), null, ok());
      String id = stack.redis.xadd(task.get("replyTo"), forged);
      awaitDeadLettered(Map.of(id, "token: missing"));

      stack.redis.set(release, "1");
      Gateway.Response response = answer.get(60, TimeUnit.SECONDS);
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.body()).containsEntry("ok", true).containsEntry("agentId", agent.agentId);
      assertThat(response.body().get("output").toString())
          .contains("asked=really")
          .doesNotContain("forged=true");
    }
  }

  private Optional<Map<String, String>> invocation(String stream) {
    return stack.redis.xrange(stream, Range.create("-", "+")).stream()
        .map(StreamMessage::getBody)
        .filter(body -> body.get("workflowId").startsWith("invoke/"))
        .filter(body -> body.get("input").contains("really"))
        .findFirst();
  }

  /** An agent of one task at a time that holds its first until {@code release} exists. */
  private AgentProcess holder(String agentId, String release) throws Exception {
    return stack.agents.start(
        agentId,
        CAPABILITY,
        Map.of(
            "CAPABILITY",
            CAPABILITY,
            "RELEASE_KEY",
            release,
            "RELEASE_REDIS_URI",
            stack.redisServer.uri(),
            "CHORUS_AGENT_CONCURRENCY",
            "1"),
        HoldingAgent.class);
  }

  /** The run's task, once an agent has taken it. */
  private Map<String, String> heldTask(String runId) {
    String stream = Streams.tasks(CAPABILITY, 1);
    await("the task of " + runId + " is in an agent's hands")
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              Set<String> ids =
                  streams.entriesOf(stream, runId).stream()
                      .map(StreamMessage::getId)
                      .collect(Collectors.toSet());
              return !ids.isEmpty() && !streams.pending(stream, Streams.AGENT_GROUP, ids).isEmpty();
            });
    return taskOf(runId);
  }

  private Map<String, String> taskOf(String runId) {
    String stream = Streams.tasks(CAPABILITY, 1);
    await("the task of " + runId + " is on its stream")
        .atMost(Duration.ofSeconds(30))
        .until(() -> !streams.entriesOf(stream, runId).isEmpty());
    return streams.entriesOf(stream, runId).get(0).getBody();
  }

  private static Map<String, String> forged(
      String workflowId, String taskId, String token, Map<String, String> outcome) {
    Map<String, String> reply = new LinkedHashMap<>();
    reply.put("v", "2");
    reply.put("taskId", taskId);
    reply.put("dispatchId", taskId + "#1");
    reply.put("workflowId", workflowId);
    if (token != null) {
      reply.put("token", token);
    }
    reply.put("agentId", "forger");
    reply.putAll(outcome);
    return reply;
  }

  private static Map<String, String> ok() {
    return Map.of("status", "ok", "output", "{\"forged\":true}");
  }

  private static Map<String, String> failed() {
    return Map.of("status", "error", "error", "forged failure", "retryable", "false");
  }

  private String xadd(Map<String, String> reply) {
    return stack.redis.xadd(Streams.REPLIES, reply);
  }

  private void awaitDeadLettered(Map<String, String> reasons) {
    DeadLetters deadLetters = new DeadLetters(stack.redis);
    await("every forged reply is dead-lettered")
        .atMost(Duration.ofSeconds(60))
        .until(() -> lettersFor(deadLetters, reasons).size() >= reasons.size());
    List<DeadLetter> letters = new ArrayList<>(lettersFor(deadLetters, reasons));
    letters.forEach(
        letter ->
            assertThat(letter.reason())
                .as(letter.entryId())
                .contains(reasons.get(letter.entryId())));
  }

  private static List<DeadLetter> lettersFor(DeadLetters deadLetters, Map<String, String> byId) {
    return deadLetters.list(Streams.DEAD_REPLIES, 100_000).stream()
        .filter(letter -> byId.containsKey(letter.entryId()))
        .toList();
  }

  private long signals(String runId) {
    return stack.temporal.fetchHistory(runId).getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)
        .count();
  }
}
