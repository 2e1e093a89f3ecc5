package dev.chorus.protocol;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/** The first dispatch of step keywords of run wf-1, signed under a fixed key at a fixed time. */
final class SignedTasks {

  private SignedTasks() {}

  /** Tokens of key k1 (all zeros) as an instance started at {@code nowMillis} signs them. */
  static DispatchTokens tokens(long nowMillis) {
    return new DispatchTokens(
        "k1",
        Map.of("k1", new byte[32]),
        Duration.ofHours(1),
        Clock.fixed(Instant.ofEpochMilli(nowMillis), ZoneOffset.UTC));
  }

  static TaskEnvelope keywords(DispatchTokens tokens, long deadlineMillis, String input) {
    return TaskEnvelope.first(
            "wf-1/keywords",
            "wf-1/keywords#1",
            "wf-1",
            "keywords",
            "text.keywords",
            1,
            deadlineMillis,
            input)
        .signed(tokens);
  }
}
