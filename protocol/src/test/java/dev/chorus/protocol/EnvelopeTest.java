package dev.chorus.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvelopeTest {

  private final DispatchTokens tokens = SignedTasks.tokens(500);
  private final TaskEnvelope task = SignedTasks.keywords(tokens, 1000L, "{\"text\":\"hi\"}");

  @Test
  void taskSurvivesTheTripThroughStreamFields() {
    assertThat(TaskEnvelope.fromFields(task.toFields())).isEqualTo(task);
  }

  @Test
  void replySurvivesTheTripThroughStreamFields() {
    ReplyEnvelope ok = ReplyEnvelope.success(task, "agent-1", "{\"a\":1}");
    ReplyEnvelope failed = ReplyEnvelope.failure(task, "agent-1", "boom", true);
    assertThat(ReplyEnvelope.fromFields(ok.toFields())).isEqualTo(ok);
    assertThat(ReplyEnvelope.fromFields(failed.toFields())).isEqualTo(failed);
  }

  @Test
  void malformedTaskNamesEveryBadField() {
    Map<String, String> fields = new HashMap<>(task.toFields());
    fields.remove("workflowId");
    fields.put("attempt", "first");
    fields.put("v", "9");
    assertThatThrownBy(() -> TaskEnvelope.fromFields(fields))
        .isInstanceOf(MalformedEnvelopeException.class)
        .hasMessageStartingWith("malformed task: ")
        .hasMessageContaining("required property 'workflowId' not found")
        .hasMessageContaining("/attempt")
        .hasMessageContaining("/v");
  }

  @Test
  void replyWithUnknownStatusIsRefused() {
    Map<String, String> fields = new HashMap<>(ReplyEnvelope.success(task, "a", "{}").toFields());
    fields.put("status", "maybe");
    assertThatThrownBy(() -> ReplyEnvelope.fromFields(fields)).hasMessageContaining("/status");
  }

  @Test
  void inputMustBeAJsonObject() {
    Map<String, String> fields = new HashMap<>(task.toFields());
    fields.put("input", "[1, 2]");
    assertThatThrownBy(() -> TaskEnvelope.fromFields(fields))
        .hasMessageContaining("/input: must hold a JSON object");
    fields.put("input", "{not json");
    assertThatThrownBy(() -> TaskEnvelope.fromFields(fields))
        .hasMessageContaining("/input: is not JSON");
  }

  @Test
  void oversizedInputIsRefused() {
    Map<String, String> fields = new HashMap<>(task.toFields());
    fields.put("input", "{\"a\":\"" + "x".repeat(1_048_576) + "\"}");
    assertThatThrownBy(() -> TaskEnvelope.fromFields(fields)).hasMessageContaining("/input");
  }

  @Test
  void anErrorReplyNeedsItsErrorAndRetryability() {
    Map<String, String> fields =
        new HashMap<>(ReplyEnvelope.failure(task, "a", "boom", false).toFields());
    fields.remove("retryable");
    assertThatThrownBy(() -> ReplyEnvelope.fromFields(fields)).hasMessageContaining("retryable");
  }

  @Test
  void aDeadLetterNoticeAnswersADispatchOfItsOwn() {
    ReplyEnvelope notice = ReplyEnvelope.deadLettered(task, "reclaimer", "delivered 3 times", true);
    assertThat(notice.dispatchId()).isEqualTo(task.dispatchId() + ReplyEnvelope.DEAD_LETTER_SUFFIX);
    assertThat(notice.error()).isEqualTo("dead-lettered: delivered 3 times");
    assertThat(ReplyEnvelope.fromFields(notice.toFields())).isEqualTo(notice);
  }

  @Test
  void taskStreamIsNamedAfterItsCapabilityAndMajorAndRefusesUnsafeNames() {
    assertThat(Streams.tasks("text.keywords", 2)).isEqualTo("chorus:tasks:text.keywords:v2");
    assertThatThrownBy(() -> Streams.tasks("text keywords*", 1))
        .hasMessageContaining("'text keywords*'");
    assertThatThrownBy(() -> Streams.tasks("text.keywords", -1)).hasMessageContaining("-1");
  }

  @Test
  void registrationRoundTripsAndRefusesBadFieldsAllAtOnce() {
    AgentRegistration agent =
        new AgentRegistration(
            "a-1", "text.keywords", "2.1.0-rc.1", 3, Map.of("region", "eu", "gpu", "true"), false);
    assertThat(agent.toFields())
        .containsEntry("labels", "gpu=true,region=eu")
        .containsEntry("state", "ready");
    assertThat(AgentRegistration.fromFields("a-1", agent.toFields())).isEqualTo(agent);
    assertThat(agent.major()).isEqualTo(2);
    assertThat(AgentRegistration.fromFields("a-1", agent.drain().toFields()).draining()).isTrue();

    Map<String, String> fields = new HashMap<>(agent.toFields());
    fields.put("state", "asleep");
    fields.put("concurrency", "many");
    assertThatThrownBy(() -> AgentRegistration.fromFields("a-1", fields))
        .hasMessageContaining("'state' must be 'ready' or 'draining' but was 'asleep'")
        .hasMessageContaining("'concurrency' must be an integer but was 'many'");
    assertThatThrownBy(
            () -> new AgentRegistration("a-1", "text.keywords", "2.1", 1, Map.of(), false))
        .hasMessageContaining("'2.1' of agent a-1 is not a semantic version");
    assertThatThrownBy(() -> AgentRegistration.parseLabels("gpu=true,fast"))
        .hasMessageContaining("label 'fast' must be key=value");
  }

  @Test
  void everyReplyEchoesItsTasksTokenAndTheTokenIsRequired() {
    ReplyEnvelope ok = ReplyEnvelope.success(task, "agent-1", "{}");
    assertThat(ok.token()).isEqualTo(task.token()).isNotBlank();
    assertThat(ok.toFields()).containsEntry("token", task.token()).containsEntry("v", "2");
    Map<String, String> fields = new HashMap<>(ok.toFields());
    fields.remove("token");
    assertThatThrownBy(() -> ReplyEnvelope.fromFields(fields))
        .hasMessageContaining("required property 'token' not found");
  }

  @Test
  void anEntryOfProtocolVersionOneIsToldThatVersionTwoIsRequired() {
    Map<String, String> fields = new HashMap<>(ReplyEnvelope.success(task, "a", "{}").toFields());
    fields.put("v", "1");
    assertThatThrownBy(() -> ReplyEnvelope.fromFields(fields))
        .hasMessageContaining("protocol version 1 is no longer accepted, version 2 is required");
  }

  @Test
  void replyChecksRefuseAnOversizedEntryByItsSizeAndAForeignToken() {
    ReplyChecks checks = new ReplyChecks(tokens, 1024);
    Map<String, String> fields =
        new HashMap<>(ReplyEnvelope.success(task, "a", "{\"ok\":true}").toFields());
    assertThat(checks.oversized(fields)).isEmpty();
    assertThat(checks.tokenProblem(fields)).isEmpty();

    fields.put("output", "{\"blob\":\"" + "é".repeat(600) + "\"}");
    assertThat(checks.oversized(fields))
        .hasValueSatisfying(
            reason ->
                assertThat(reason).contains("over the limit of 1024 bytes").contains("reply of 1"));
    assertThat(ReplyChecks.abridged(fields).get("output")).hasSizeLessThan(1100);

    fields.put("dispatchId", task.dispatchId() + ReplyEnvelope.DEAD_LETTER_SUFFIX);
    assertThat(checks.tokenProblem(fields)).isEmpty();
    fields.put("dispatchId", task.taskId() + "#2");
    assertThat(checks.tokenProblem(fields)).contains("token: does not match this dispatch");
    fields.remove("token");
    assertThat(checks.tokenProblem(fields)).contains("token: missing");
  }

  @Test
  void deadlineIsExclusive() {
    assertThat(task.expiredAt(1000L)).isFalse();
    assertThat(task.expiredAt(1001L)).isTrue();
  }

  @Test
  void noticeOfAnUnreadableTaskGoesWhereItsRepliesWouldWhenThatIsAReplyStream() {
    assertThat(Streams.noticeStream(Map.of("replyTo", "chorus:replies:invoke:gw-1")))
        .isEqualTo("chorus:replies:invoke:gw-1");
    assertThat(Streams.noticeStream(Map.of("replyTo", "chorus:tasks:text.stats:v1")))
        .isEqualTo(Streams.REPLIES);
    assertThat(Streams.noticeStream(Map.of())).isEqualTo(Streams.REPLIES);
  }
}
