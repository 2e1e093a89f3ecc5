package dev.chorus.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvelopeTest {

  private final TaskEnvelope task =
      new TaskEnvelope("wf-1/keywords", "wf-1/keywords#1", "wf-1", "keywords", "text.keywords", 1, 1000L, "{\"text\":\"hi\"}");

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
        .hasMessageContaining("'workflowId' is missing")
        .hasMessageContaining("'attempt' must be an integer but was 'first'")
        .hasMessageContaining("'v' must be '1' but was '9'");
  }

  @Test
  void replyWithUnknownStatusIsRefused() {
    Map<String, String> fields = new HashMap<>(ReplyEnvelope.success(task, "a", "{}").toFields());
    fields.put("status", "maybe");
    assertThatThrownBy(() -> ReplyEnvelope.fromFields(fields))
        .hasMessageContaining("'status' must be 'ok' or 'error' but was 'maybe'");
  }

  @Test
  void taskStreamIsNamedAfterItsCapabilityAndRefusesUnsafeNames() {
    assertThat(Streams.tasks("text.keywords")).isEqualTo("chorus:tasks:text.keywords");
    assertThatThrownBy(() -> Streams.tasks("text keywords*")).hasMessageContaining("'text keywords*'");
  }

  @Test
  void deadlineIsExclusive() {
    assertThat(task.expiredAt(1000L)).isFalse();
    assertThat(task.expiredAt(1001L)).isTrue();
  }
}
