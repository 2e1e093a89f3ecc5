package dev.chorus.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackHomeTest {

  @TempDir Path dir;

  @Test
  void aRecordedProcessLeftOverByAKilledRunIsStoppedByTheNextThrowawayHome() throws Exception {
    Process orphan = new ProcessBuilder("sleep", "600").start();
    StackHome.throwaway(dir, m -> {}).record("agent-a", orphan.toHandle());

    StackHome.throwaway(dir, m -> {});

    assertThat(orphan.waitFor(10, TimeUnit.SECONDS)).as("leftover stopped").isTrue();
    assertThat(StackHome.throwaway(dir, m -> {}).recorded()).isEmpty();
  }

  @Test
  void aForgottenProcessIsLeftAlone() throws Exception {
    Process process = new ProcessBuilder("sleep", "600").start();
    try {
      StackHome home = StackHome.throwaway(dir, m -> {});
      home.record("agent-b", process.toHandle());
      home.forget("agent-b");

      StackHome.throwaway(dir, m -> {});

      assertThat(process.isAlive()).isTrue();
    } finally {
      process.destroyForcibly().waitFor();
    }
  }
}
