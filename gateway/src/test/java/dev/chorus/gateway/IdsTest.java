package dev.chorus.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdsTest {

  @ParameterizedTest
  @ValueSource(strings = {"order-1", "order-1/ship", "order-1/each[12]/ship", "a.b/c/d_e"})
  void runsAndTheirSubRunsAreRunIds(String id) {
    assertThat(Ids.requireRun("runId", id)).isEqualTo(id);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a//b", "a/../b", "a/", "/a", "a/b c", "a/b[x]", "a/b*"})
  void anythingElseIsRefusedNamingTheField(String id) {
    assertThatThrownBy(() -> Ids.requireRun("runId", id))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining(id);
  }

  @Test
  void aNewRunsIdHasNoSlash() {
    assertThatThrownBy(() -> Ids.require("runId", "order-1/ship"))
        .isInstanceOf(InvalidRequestException.class);
  }
}
