package dev.chorus.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

/** Reading an HTTP agent's Retry-After, and the back-off when it gives none. */
class AgentAnswerTest {

  @Test
  void retryAfterIsDelaySecondsOrAnHttpDate() {
    assertThat(AgentAnswer.parseRetryAfter("1")).contains(Duration.ofSeconds(1));
    assertThat(AgentAnswer.parseRetryAfter(" 120 ")).contains(Duration.ofSeconds(120));
    String inAMinute =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(60));
    assertThat(AgentAnswer.parseRetryAfter(inAMinute))
        .hasValueSatisfying(
            wait -> assertThat(wait).isBetween(Duration.ofSeconds(55), Duration.ofSeconds(60)));
    assertThat(AgentAnswer.parseRetryAfter("Thu, 01 Jan 1970 00:00:00 GMT"))
        .contains(Duration.ZERO);
    assertThat(AgentAnswer.parseRetryAfter("soon")).isEmpty();
    assertThat(AgentAnswer.parseRetryAfter("-5")).isEmpty();
  }

  @Test
  void theBackOffDoublesFromItsMinimumUpToItsMaximum() {
    DeliverySettings settings =
        new DeliverySettings(
            Duration.ofSeconds(1),
            Duration.ofSeconds(30),
            Duration.ofMillis(100),
            Duration.ofSeconds(1),
            8,
            Duration.ofSeconds(5),
            Duration.ofSeconds(15),
            Duration.ofSeconds(5),
            Duration.ofSeconds(30));
    assertThat(settings.backoff(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(settings.backoff(2)).isEqualTo(Duration.ofMillis(200));
    assertThat(settings.backoff(4)).isEqualTo(Duration.ofMillis(800));
    assertThat(settings.backoff(5)).isEqualTo(Duration.ofSeconds(1));
    assertThat(settings.backoff(60)).isEqualTo(Duration.ofSeconds(1));
  }
}
