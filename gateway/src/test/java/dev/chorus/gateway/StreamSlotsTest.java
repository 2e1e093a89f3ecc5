package dev.chorus.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StreamSlotsTest {

  @Test
  void aCallerHoldsAtMostItsShareAndGetsItBackAsStreamsClose() {
    StreamSlots slots = new StreamSlots(2, 10);
    StreamSlots.Slot first = slots.acquire("ci");
    slots.acquire("ci");
    assertThatThrownBy(() -> slots.acquire("ci"))
        .isInstanceOf(StreamSlots.Full.class)
        .hasMessageContaining("chorus.live.streams-per-caller");
    // Another caller is not held back by this one.
    slots.acquire("ops");

    first.close();
    first.close();
    assertThat(slots.openFor("ci")).as("a slot closed twice is freed once").isEqualTo(1);
    slots.acquire("ci");
    assertThat(slots.openFor("ci")).isEqualTo(2);
  }

  @Test
  void theInstanceHoldsAtMostItsTotalWhoeverAsks() {
    StreamSlots slots = new StreamSlots(5, 3);
    StreamSlots.Slot a = slots.acquire("a");
    slots.acquire("b");
    slots.acquire("c");
    assertThatThrownBy(() -> slots.acquire("d"))
        .isInstanceOf(StreamSlots.Full.class)
        .hasMessageContaining("chorus.live.max-streams");
    assertThat(slots.openFor("d")).as("a refused caller holds nothing").isZero();
    a.close();
    slots.acquire("d");
    assertThat(slots.openFor("d")).isEqualTo(1);
  }
}
