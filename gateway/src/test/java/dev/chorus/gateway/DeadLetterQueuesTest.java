package dev.chorus.gateway;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Entry ids Redis would refuse are refused first, naming the field, before any command is sent. */
class DeadLetterQueuesTest {

  private final DeadLetterQueues queues = new DeadLetterQueues(null, Duration.ofMinutes(5));

  @Test
  void anEntryIdBeyondSixtyFourBitsIsABadRequest() {
    assertThatThrownBy(() -> queues.redrive("text.echo", "7-56024418460413611258"))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> {
              org.assertj.core.api.Assertions.assertThat(e.field()).isEqualTo("id");
              org.assertj.core.api.Assertions.assertThat(e.getMessage())
                  .contains("18446744073709551615");
            });
  }

  @Test
  void anEntryIdOfTheWrongShapeIsABadRequest() {
    assertThatThrownBy(() -> queues.discard("text.echo", "12"))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> queues.redrive("Not Valid", "1-0"))
        .isInstanceOf(InvalidRequestException.class);
  }
}
