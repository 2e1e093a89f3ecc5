package dev.chorus.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RetryAfterTest {

  private static final long NOW = 1_000_000L;

  private final TaskEnvelope task =
      SignedTasks.keywords(SignedTasks.tokens(NOW), NOW + 60_000, "{}");

  private Map<String, String> throttled(String retryAfter) {
    Map<String, String> fields =
        new HashMap<>(ReplyEnvelope.failure(task, "agent-1", "429 from upstream", true).toFields());
    fields.put("retryAfter", retryAfter);
    return fields;
  }

  @Test
  void aRetryableErrorCarriesItThroughTheStreamFields() {
    ReplyEnvelope reply =
        ReplyEnvelope.failure(task, "agent-1", "429 from upstream", true)
            .withRetryAfter(Duration.ofSeconds(5));
    assertThat(reply.toFields()).containsEntry("retryAfter", "5000ms");
    assertThat(ReplyEnvelope.fromFields(reply.toFields())).isEqualTo(reply);
  }

  @Test
  void onlyARetryableErrorCanAskForIt() {
    assertThatThrownBy(
            () ->
                ReplyEnvelope.failure(task, "agent-1", "bad input", false)
                    .withRetryAfter(Duration.ofSeconds(5)))
        .isInstanceOf(IllegalStateException.class);
    Map<String, String> fatal = throttled("5s");
    fatal.put("retryable", "false");
    assertThat(ReplyEnvelope.fromFields(fatal).retryAfter())
        .as("ignored when not retryable")
        .isNull();
  }

  @ParameterizedTest
  @CsvSource({
    "1500ms, 1001500",
    "5s, 1005000",
    "2m, 1120000",
    "1970-01-01T00:16:50Z, 1010000",
    "30h, 87400000"
  })
  void itIsADurationFromNowOrATimeCappedAtADay(String value, long notBefore) {
    assertThat(RetryAfter.notBefore(value, NOW)).isEqualTo(notBefore);
  }

  @ParameterizedTest
  @ValueSource(strings = {"5", "5 s", "-5s", "soon", "2026-12-02 15:00:00", "1.5s"})
  void aShapeItDoesNotHaveMakesTheReplyMalformed(String value) {
    assertThatThrownBy(() -> ReplyEnvelope.fromFields(throttled(value)))
        .isInstanceOf(MalformedEnvelopeException.class)
        .hasMessageContaining("/retryAfter");
  }

  @Test
  void aDurationOverADayMakesTheReplyMalformed() {
    assertThatThrownBy(() -> ReplyEnvelope.fromFields(throttled("25h")))
        .isInstanceOf(MalformedEnvelopeException.class)
        .hasMessageContaining("/retryAfter: 25h is longer than 24h");
  }
}
