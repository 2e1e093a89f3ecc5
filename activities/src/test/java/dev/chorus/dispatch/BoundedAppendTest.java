package dev.chorus.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.protocol.Streams;
import dev.chorus.registry.CapabilityLimitStore;
import dev.chorus.registry.CapabilityLimits;
import dev.chorus.stack.RedisServer;
import dev.chorus.stack.junit.ServersExtension;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The dispatch script against a real redis-server: the backlog bound and a capability's limits. */
@ExtendWith(ServersExtension.class)
class BoundedAppendTest {

  private final RedisServer redis;
  private RedisClient client;
  private StatefulRedisConnection<String, String> connection;
  private RedisCommands<String, String> commands;
  private BoundedAppend append;
  private CapabilityLimitStore limits;
  private String capability;
  private String stream;

  BoundedAppendTest(RedisServer redis) {
    this.redis = redis;
  }

  @BeforeEach
  void connect() {
    client = RedisClient.create(redis.uri());
    connection = client.connect();
    commands = connection.sync();
    append = new BoundedAppend(commands);
    limits = new CapabilityLimitStore(commands);
    capability = "test.limits-" + UUID.randomUUID().toString().substring(0, 8);
    stream = Streams.tasks(capability, 1);
  }

  @AfterEach
  void disconnect() {
    connection.close();
    client.shutdown();
  }

  @Test
  void withoutLimitsOnlyTheWorkersBacklogBoundRefuses() {
    for (int i = 0; i < 3; i++) {
      assertThat(task().appended()).isTrue();
    }
    BoundedAppend.Outcome refused = task();
    assertThat(refused.appended()).isFalse();
    assertThat(refused.rateLimited()).isFalse();
    assertThat(refused.backlog()).isEqualTo(3);
    assertThat(refused.limit()).isEqualTo(3);
  }

  @Test
  void aCapabilitysOwnInFlightLimitBelowTheWorkersApplies() {
    limits.set(capability, CapabilityLimits.of(0, 0, 2));
    assertThat(task().appended()).isTrue();
    assertThat(task().appended()).isTrue();
    BoundedAppend.Outcome refused = task();
    assertThat(refused.appended()).isFalse();
    assertThat(refused.limit()).isEqualTo(2);
  }

  @Test
  void theRateLetsTheBurstGoThenOneTaskPerIntervalAndSaysHowLongToWait() {
    limits.set(capability, CapabilityLimits.of(2, 3, 0));
    List<BoundedAppend.Outcome> outcomes = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      outcomes.add(append.append(stream, capability, Map.of("n", "" + i), 1000));
    }
    assertThat(outcomes.subList(0, 3)).allSatisfy(o -> assertThat(o.appended()).isTrue());
    BoundedAppend.Outcome throttled = outcomes.get(3);
    assertThat(throttled.appended()).isFalse();
    assertThat(throttled.rateLimited()).isTrue();
    assertThat(throttled.waitMillis()).as("one token at 2/s").isBetween(1L, 500L);
    assertThat(commands.xlen(stream)).as("a refused task is not appended").isEqualTo(3);
    assertThat(commands.pttl(CapabilityLimitStore.bucket(capability)))
        .as("the bucket goes once it would be full again")
        .isBetween(1L, 2_500L);
  }

  @Test
  void removingTheLimitsLetsEveryTaskGo() {
    limits.set(capability, CapabilityLimits.of(1, 1, 0));
    assertThat(task().appended()).isTrue();
    assertThat(task().rateLimited()).isTrue();
    limits.set(capability, CapabilityLimits.NONE);
    assertThat(limits.all()).doesNotContainKey(capability);
    assertThat(task().appended()).isTrue();
  }

  @Test
  void aPausedCapabilityTakesNoTaskUntilThePauseEnds() {
    long now = Long.parseLong(commands.time().get(0)) * 1000;
    commands.hset(CapabilityLimitStore.PAUSES, capability, Long.toString(now + 60_000));
    BoundedAppend.Outcome paused = task();
    assertThat(paused.paused()).isTrue();
    assertThat(paused.rateLimited()).isFalse();
    assertThat(paused.waitMillis()).isBetween(55_000L, 61_000L);
    assertThat(commands.exists(stream)).isZero();

    commands.hset(CapabilityLimitStore.PAUSES, capability, Long.toString(now - 1));
    assertThat(task().appended()).as("once the pause has ended").isTrue();
  }

  private BoundedAppend.Outcome task() {
    return append.append(stream, capability, Map.of("task", "t"), 3);
  }
}
