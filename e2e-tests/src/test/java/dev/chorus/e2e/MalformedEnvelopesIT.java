package dev.chorus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chorus.protocol.DeadLetter;
import dev.chorus.protocol.DeadLetters;
import dev.chorus.protocol.Streams;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Envelopes nobody wrote by hand — bad JSON, missing fields, wrong types, an unknown or retired
 * protocol version, oversized payloads — are dead-lettered with their reasons, and no consumer
 * crashes. The malformed replies carry their task's token, as from a real but faulty agent, so the
 * run is told.
 */
@ChorusE2E
class MalformedEnvelopesIT {

  private static final String CAPABILITY = "test.malformed";
  private static final String HUGE = "{\"blob\":\"" + "x".repeat(1_100_000) + "\"}";

  private final TestStack stack;
  private final Gateway gateway;
  private final DeadLetters deadLetters;

  MalformedEnvelopesIT(TestStack stack) {
    this.stack = stack;
    this.gateway = new Gateway(stack.gatewayUrl);
    this.deadLetters = new DeadLetters(stack.redis);
  }

  @Test
  void malformedTasksAreDeadLetteredAndTheAgentKeepsWorking() throws Exception {
    try (AgentProcess agent =
        stack.agents.start(
            "malformed-tasks", CAPABILITY, Map.of("CAPABILITY", CAPABILITY), HoldingAgent.class)) {
      String stream = Streams.tasks(CAPABILITY, 1);
      Map<String, String> reasons = new LinkedHashMap<>();
      reasons.put(stack.redis.xadd(stream, task(Map.of("input", "{oops"))), "/input: is not JSON");
      reasons.put(
          stack.redis.xadd(stream, Map.of("v", "2", "taskId", "t-missing")),
          "required property 'dispatchId' not found");
      reasons.put(stack.redis.xadd(stream, task(Map.of("attempt", "first"))), "/attempt");
      reasons.put(stack.redis.xadd(stream, task(Map.of("v", "9"))), "/v");
      reasons.put(
          stack.redis.xadd(stream, task(Map.of("v", "1"))),
          "protocol version 1 is no longer accepted, version 2 is required");
      reasons.put(
          stack.redis.xadd(stream, task(Map.of("input", HUGE))),
          "/input: must be at most 1048576 characters");

      await("every malformed task is dead-lettered")
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  entryIds(lettersFor(Streams.deadTasks(CAPABILITY), reasons)).size()
                      == reasons.size());
      lettersFor(Streams.deadTasks(CAPABILITY), reasons)
          .forEach(
              letter ->
                  assertThat(letter.reason())
                      .as(letter.entryId())
                      .contains(reasons.get(letter.entryId())));

      // The agent is alive and answers a well-formed task, through request/reply.
      Gateway.Response answer =
          gateway.post(
              "/api/v1/capabilities/" + CAPABILITY + "/invoke",
              Map.of("input", Map.of("still", "here"), "timeoutMillis", 20_000));
      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.body()).containsEntry("ok", true).containsEntry("agentId", agent.agentId);
      assertThat(answer.body().get("output").toString()).contains("still=here");
    }
  }

  @Test
  void malformedRepliesAreDeadLetteredTheRunIsToldAndTheBridgeKeepsWorking() throws Exception {
    // An agent that takes the task and never answers: the replies come from the test.
    AgentProcess silent =
        stack.agents.start(
            "malformed-silent",
            "test.silent",
            Map.of("CAPABILITY", "test.silent", "HOLD_MILLIS", "600000"),
            HoldingAgent.class);
    String waiting = gateway.start(TestPipelines.SILENT, Map.of("input", Map.of("n", 1)));
    StreamInspector streams = new StreamInspector(stack.redis);
    await("the silent run's task is on its stream")
        .atMost(Duration.ofSeconds(30))
        .until(() -> !streams.entriesOf(Streams.tasks("test.silent", 1), waiting).isEmpty());
    Map<String, String> task =
        streams.entriesOf(Streams.tasks("test.silent", 1), waiting).get(0).getBody();

    Map<String, String> reasons = new LinkedHashMap<>();
    reasons.put(
        stack.redis.xadd(Streams.REPLIES, reply(task, Map.of("output", "{oops"))),
        "/output: is not JSON");
    reasons.put(
        stack.redis.xadd(Streams.REPLIES, Map.of("v", "2", "taskId", "t-missing")),
        "required property 'dispatchId' not found");
    reasons.put(
        stack.redis.xadd(
            Streams.REPLIES,
            reply(task, Map.of("status", "error", "error", "x", "retryable", "maybe"))),
        "/retryable");
    reasons.put(
        stack.redis.xadd(Streams.REPLIES, reply(task, Map.of("v", "1"))),
        "protocol version 1 is no longer accepted, version 2 is required");
    reasons.put(
        stack.redis.xadd(Streams.REPLIES, reply(task, Map.of("output", HUGE))),
        "bytes is over the limit of 262144 bytes");

    await("every malformed reply is dead-lettered")
        .atMost(Duration.ofSeconds(30))
        .until(() -> entryIds(lettersFor(Streams.DEAD_REPLIES, reasons)).size() == reasons.size());
    lettersFor(Streams.DEAD_REPLIES, reasons)
        .forEach(
            letter ->
                assertThat(letter.reason())
                    .as(letter.entryId())
                    .contains(reasons.get(letter.entryId())));

    Map<String, Object> told = gateway.awaitEnd(waiting, Duration.ofSeconds(30));
    assertThat(told.get("status")).isEqualTo("FAILED");
    assertThat((String) told.get("failure")).contains("dead-lettered: malformed reply");

    try (AgentProcess echo =
        stack.agents.start(
            "malformed-echo", "test.echo", Map.of("CAPABILITY", "test.echo"), HoldingAgent.class)) {
      String runId =
          gateway.start(TestPipelines.ECHO_TWICE, Map.of("input", Map.of("after", "garbage")));
      assertThat(gateway.awaitEnd(runId, Duration.ofSeconds(30)).get("status"))
          .isEqualTo("COMPLETED");
    } finally {
      silent.close();
    }
  }

  @Test
  void invokingACapabilityNobodyServesOrAnAgentThatStaysSilentFailsClearlyAndABadNameIsRefused()
      throws Exception {
    Gateway.Response nobody =
        gateway.post(
            "/api/v1/capabilities/test.nobody/invoke",
            Map.of("input", Map.of(), "timeoutMillis", 300));
    assertThat(nobody.status()).isEqualTo(503);
    assertThat(nobody.body().get("detail").toString()).contains("test.nobody");

    try (AgentProcess silent =
        stack.agents.start(
            "invoke-silent",
            "test.mute",
            Map.of("CAPABILITY", "test.mute", "HOLD_MILLIS", "600000"),
            HoldingAgent.class)) {
      Gateway.Response timedOut =
          gateway.post(
              "/api/v1/capabilities/test.mute/invoke",
              Map.of("input", Map.of(), "timeoutMillis", 300));
      assertThat(timedOut.status()).isEqualTo(504);
      assertThat(timedOut.body().get("detail").toString()).contains("test.mute").contains("300 ms");
    }

    Gateway.Response refused =
        gateway.post("/api/v1/capabilities/Not%20Valid/invoke", Map.of("input", Map.of()));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body().get("errors").toString()).contains("field=capability");
  }

  private static Map<String, String> task(Map<String, String> overrides) {
    Map<String, String> fields =
        new LinkedHashMap<>(
            Map.of(
                "v",
                "2",
                "taskId",
                "t-bad",
                "dispatchId",
                "t-bad#1",
                "workflowId",
                "nobody",
                "step",
                "s",
                "capability",
                CAPABILITY,
                "attempt",
                "1",
                "deadline",
                Long.toString(System.currentTimeMillis() + 60_000),
                "input",
                "{}"));
    fields.putAll(overrides);
    return fields;
  }

  private static Map<String, String> reply(
      Map<String, String> task, Map<String, String> overrides) {
    Map<String, String> fields =
        new LinkedHashMap<>(
            Map.of(
                "v",
                "2",
                "taskId",
                task.get("taskId"),
                "dispatchId",
                task.get("dispatchId"),
                "workflowId",
                task.get("workflowId"),
                "token",
                task.get("token"),
                "agentId",
                "forger",
                "status",
                "ok",
                "output",
                "{}"));
    fields.putAll(overrides);
    return fields;
  }

  /**
   * Distinct entries: delivery is at least once, so an entry the bridge's reclaimer also found idle
   * may be dead-lettered twice, with the same reason.
   */
  private static java.util.Set<String> entryIds(List<DeadLetter> letters) {
    return letters.stream().map(DeadLetter::entryId).collect(java.util.stream.Collectors.toSet());
  }

  private List<DeadLetter> lettersFor(String deadStream, Map<String, String> byEntryId) {
    return deadLetters.list(deadStream, 10_000).stream()
        .filter(l -> byEntryId.containsKey(l.entryId()))
        .toList();
  }
}
