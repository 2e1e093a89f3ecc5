package dev.chorus.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

  private static DeadLetter from(String stream) {
    return new DeadLetter("1-0", stream, "0-1", "why", "someone", 1, Map.of());
  }

  @Test
  void aTaskGoesBackOnlyToATaskStreamOfItsDeadLetterStreamsCapability() {
    String dead = Streams.deadTasks("text.keywords");

    assertThat(DeadLetters.redriveTarget(dead, from("chorus:tasks:text.keywords:v2")))
        .isEqualTo("chorus:tasks:text.keywords:v2");
    for (String elsewhere :
        new String[] {
          "chorus:tasks:text.summary:v1",
          "chorus:tasks:text.keywords",
          "chorus:tasks:text.keywords:v1x",
          "chorus:tasks:text.keywords:v1:extra",
          "chorus:api-keys",
          "chorus:replies"
        }) {
      assertThatThrownBy(() -> DeadLetters.redriveTarget(dead, from(elsewhere)))
          .as(elsewhere)
          .isInstanceOf(DeadLetters.RedriveRefusedException.class)
          .hasMessageContaining("names stream '" + elsewhere + "'");
    }
    assertThatThrownBy(() -> DeadLetters.redriveTarget(dead, from(null)))
        .isInstanceOf(DeadLetters.RedriveRefusedException.class);
  }

  @Test
  void aReplyGoesBackOnlyToTheReplyStream() {
    assertThat(DeadLetters.redriveTarget(Streams.DEAD_REPLIES, from("chorus:tasks:text.a:v1")))
        .isEqualTo(Streams.REPLIES);
    assertThatThrownBy(() -> DeadLetters.redriveTarget("chorus:events", from(Streams.REPLIES)))
        .isInstanceOf(DeadLetters.RedriveRefusedException.class)
        .hasMessageContaining("not a dead-letter stream");
  }
}
