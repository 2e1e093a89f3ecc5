package dev.chorus.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.stack.junit.ServersExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(ServersExtension.class)
class RedisServerTest {

  @TempDir Path dir;

  @Test
  void aRestartKeepsTheDataAndTheCrashedProcesssLog(Tools tools) throws Exception {
    StackHome home = StackHome.throwaway(dir, m -> {});
    RedisServer redis = new RedisServer(home, "redis", tools, Ports.free());
    assertThat(redis.start()).isTrue();
    RedisProbe.of(redis.uri()).call("SET", "k", "v");
    long firstPid = redis.pid().orElseThrow();

    redis.kill();
    assertThat(redis.state()).isEqualTo(Component.State.STOPPED);
    redis.start();

    assertThat(RedisProbe.of(redis.uri()).call("GET", "k")).isEqualTo("v");
    assertThat(redis.pid().orElseThrow()).isNotEqualTo(firstPid);
    assertThat(LogFiles.older(redis.log(), 1)).exists();
    assertThat(Files.readString(LogFiles.older(redis.log(), 1)))
        .contains("Ready to accept connections");
    redis.stop();
    assertThat(redis.running()).isFalse();
  }

  @Test
  void aSecondStartFindsTheRunningServer(Tools tools) {
    StackHome home = StackHome.persistent(dir, m -> {});
    int port = Ports.free();
    RedisServer first = new RedisServer(home, "redis", tools, port);
    first.start();
    try {
      RedisServer again = new RedisServer(StackHome.persistent(dir, m -> {}), "redis", tools, port);
      assertThat(again.start()).as("started a second time").isFalse();
      assertThat(again.pid()).isEqualTo(first.pid());
    } finally {
      first.stop();
    }
  }

  @Test
  void aServerKilledFromOutsideShowsAsDied(Tools tools) throws Exception {
    StackHome home = StackHome.persistent(dir, m -> {});
    RedisServer redis = new RedisServer(home, "redis", tools, Ports.free());
    redis.start();
    ProcessHandle process = ProcessHandle.of(redis.pid().orElseThrow()).orElseThrow();
    process.destroyForcibly();
    process.onExit().get();

    assertThat(redis.state()).isEqualTo(Component.State.DIED);
    redis.stop();
    assertThat(redis.state()).isEqualTo(Component.State.STOPPED);
  }

  @Test
  void aSuspendedServerHangsUntilTheSuspensionCloses(Tools tools) {
    RedisServer redis =
        new RedisServer(StackHome.throwaway(dir, m -> {}), "redis", tools, Ports.free());
    redis.start();
    try {
      try (Component.Suspension suspended = redis.suspend()) {
        assertThat(RedisProbe.of(redis.uri()).ping()).as("answers while suspended").isFalse();
        assertThat(redis.running()).isTrue();
      }
      assertThat(RedisProbe.of(redis.uri()).ping()).as("answers once resumed").isTrue();
    } finally {
      redis.stop();
    }
  }

  @Test
  void aTakenPortIsRefusedNamingIt(RedisServer shared, Tools tools) {
    RedisServer clash =
        new RedisServer(StackHome.throwaway(dir, m -> {}), "clash", tools, shared.port());
    assertThatThrownBy(clash::start)
        .isInstanceOf(StackException.class)
        .hasMessageContaining("port " + shared.port());
  }

  @Test
  void leftoversOfAKilledTestRunAreStopped(Tools tools) {
    RedisServer leftover =
        new RedisServer(StackHome.throwaway(dir, m -> {}), "redis", tools, Ports.free());
    leftover.start();
    long pid = leftover.pid().orElseThrow();

    StackHome.throwaway(dir, m -> {});

    assertThat(ProcessHandle.of(pid).filter(ServerProcess::running)).isEmpty();
  }

  @Test
  void nothingConnectsWithoutCredentialsAndThePasswordIsTheOwnersAlone(Tools tools)
      throws Exception {
    StackHome home = StackHome.throwaway(dir, m -> {});
    RedisServer redis = new RedisServer(home, "redis", tools, Ports.free());
    redis.start();
    try {
      assertThatThrownBy(() -> RedisProbe.of(redis.address()).call("GET", "k"))
          .isInstanceOf(RedisProbe.RedisError.class)
          .hasMessageContaining("NOAUTH");
      assertThat(RedisProbe.of(redis.uri()).call("ACL", "WHOAMI"))
          .isEqualTo(RedisServer.APPLICATION_USER);
      assertThat(
              PosixFilePermissions.toString(
                  Files.getPosixFilePermissions(redis.dataDir().resolve("chorus.password"))))
          .isEqualTo("rw-------");

      // A user saved to the ACL file is there again after a restart, beside the application's.
      RedisProbe.of(redis.uri()).call("ACL", "SETUSER", "someone", "on", ">secret", "+ping");
      RedisProbe.of(redis.uri()).call("ACL", "SAVE");
      redis.restart();
      assertThat(RedisProbe.of("redis://someone:secret@127.0.0.1:" + redis.port()).call("PING"))
          .isEqualTo("PONG");
      assertThat(RedisProbe.of(redis.uri()).ping()).isTrue();
    } finally {
      redis.stop();
    }
  }
}
