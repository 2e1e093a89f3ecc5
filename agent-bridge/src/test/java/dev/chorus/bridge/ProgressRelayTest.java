package dev.chorus.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.protocol.DispatchTokens;
import dev.chorus.protocol.LiveStream;
import dev.chorus.protocol.ProgressEnvelope;
import dev.chorus.protocol.ReplyChecks;
import dev.chorus.protocol.StreamGroups;
import dev.chorus.protocol.Streams;
import dev.chorus.protocol.TaskEnvelope;
import dev.chorus.stack.RedisServer;
import dev.chorus.stack.junit.ServersExtension;
import io.lettuce.core.Consumer;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The relay against a real redis-server: which progress entries reach their run's live stream, and
 * why the others are dropped.
 */
@ExtendWith(ServersExtension.class)
class ProgressRelayTest {

  private static final DispatchTokens TOKENS =
      new DispatchTokens("k1", Map.of("k1", new byte[32]), Duration.ofHours(1), Clock.systemUTC());
  private static final int MAX_ENTRY_BYTES = 2048;
  private static final int BURST = 3;

  private final RedisServer redis;
  private RedisClient client;
  private StatefulRedisConnection<String, String> connection;
  private RedisCommands<String, String> commands;
  private SimpleMeterRegistry meters;
  private ProgressRelay relay;
  private String runId;
  private TaskEnvelope task;

  ProgressRelayTest(RedisServer redis) {
    this.redis = redis;
  }

  @BeforeEach
  void connect() {
    client = RedisClient.create(redis.uri());
    connection = client.connect();
    commands = connection.sync();
    commands.del(Streams.PROGRESS);
    meters = new SimpleMeterRegistry();
    relay =
        new ProgressRelay(
            commands,
            new ReplyChecks(TOKENS, 256 * 1024),
            new LiveStream(commands, 1000, Duration.ofHours(1)),
            // A rate so low that only the burst passes within a test.
            new ProgressSettings(
                "bridge-test", 10, Duration.ofMillis(100), MAX_ENTRY_BYTES, 0.001, BURST),
            meters);
    runId = "run-" + UUID.randomUUID();
    task =
        TaskEnvelope.first(
                "task-" + UUID.randomUUID(),
                "dispatch-1",
                runId,
                "talk",
                "test.bridge",
                1,
                System.currentTimeMillis() + 600_000,
                "{}")
            .signed(TOKENS);
  }

  @AfterEach
  void disconnect() {
    connection.close();
    client.shutdown();
  }

  @Test
  void aGenuineEntryReachesItsRunsLiveStreamWhichExpires() {
    relayed(ProgressEnvelope.output(task, "agent-1", "first words").toFields());
    relayed(ProgressEnvelope.progress(task, "agent-1", 0.5, "half way").toFields());

    List<StreamMessage<String, String>> live = live();
    assertThat(live).hasSize(2);
    assertThat(live.get(0).getBody())
        .containsEntry("type", "step.output")
        .containsEntry("runId", runId)
        .containsEntry("step", "talk")
        .containsEntry("taskId", task.taskId())
        .containsEntry("chunk", "first words");
    assertThat(live.get(1).getBody())
        .containsEntry("type", "step.progress")
        .containsEntry("fraction", "0.5")
        .containsEntry("message", "half way");
    assertThat(commands.pttl(Streams.live(runId))).isPositive();
    assertThat(count("relayed")).isEqualTo(2);
    assertThat(commands.xpending(Streams.PROGRESS, Streams.BRIDGE_GROUP).getCount()).isZero();
  }

  /** However long a run talks, its live stream stays near its length limit and keeps expiring. */
  @Test
  void aLiveStreamIsTrimmedToItsLengthAndItsExpiryRenewed() {
    LiveStream bounded = new LiveStream(commands, 10, Duration.ofMinutes(1));
    for (int i = 0; i < 500; i++) {
      bounded.append(runId, Map.of("type", "step.output", "chunk", "word " + i));
    }
    // Trimming is approximate (whole nodes of at most 100 entries), never below the limit.
    assertThat(commands.xlen(Streams.live(runId))).isBetween(10L, 200L);
    assertThat(commands.pttl(Streams.live(runId))).isBetween(1L, 60_000L);
  }

  @Test
  void aForgedTokenIsDroppedAndCounted() {
    Map<String, String> forged =
        new HashMap<>(ProgressEnvelope.output(task, "agent-1", "x").toFields());
    // Another run's entry with this task's token: the token binds the run.
    forged.put("workflowId", "run-" + UUID.randomUUID());
    relayed(forged);
    Map<String, String> missing =
        new HashMap<>(ProgressEnvelope.output(task, "agent-1", "x").toFields());
    missing.remove("token");
    relayed(missing);

    assertThat(commands.exists(Streams.live(forged.get("workflowId")))).isZero();
    assertThat(live()).isEmpty();
    assertThat(count("forged")).isEqualTo(2);
    assertThat(count("relayed")).isZero();
  }

  @Test
  void anOversizedEntryIsDroppedBeforeItIsParsed() {
    relayed(ProgressEnvelope.output(task, "agent-1", "x".repeat(MAX_ENTRY_BYTES)).toFields());
    assertThat(live()).isEmpty();
    assertThat(count("oversized")).isEqualTo(1);
  }

  @Test
  void anEntryBreakingItsSchemaIsDropped() {
    Map<String, String> fields =
        new HashMap<>(ProgressEnvelope.output(task, "agent-1", "x").toFields());
    fields.put("kind", "shout");
    relayed(fields);
    assertThat(live()).isEmpty();
    assertThat(count("malformed")).isEqualTo(1);
  }

  @Test
  void aTaskBeyondItsBurstIsDropped() {
    for (int i = 1; i <= BURST + 2; i++) {
      relayed(ProgressEnvelope.output(task, "agent-1", "chunk " + i).toFields());
    }
    assertThat(live())
        .extracting(m -> m.getBody().get("chunk"))
        .containsExactly("chunk 1", "chunk 2", "chunk 3");
    assertThat(count("rate_limited")).isEqualTo(2);
  }

  /** Appends the entry to the progress stream, reads it in the bridge's group and relays it. */
  private void relayed(Map<String, String> fields) {
    commands.xadd(Streams.PROGRESS, fields);
    StreamGroups.ensure(commands, Streams.PROGRESS, Streams.BRIDGE_GROUP);
    commands
        .xreadgroup(
            Consumer.from(Streams.BRIDGE_GROUP, "bridge-test"),
            StreamOffset.lastConsumed(Streams.PROGRESS))
        .forEach(relay::relay);
  }

  private List<StreamMessage<String, String>> live() {
    return commands.xrange(Streams.live(runId), Range.create("-", "+"));
  }

  private double count(String outcome) {
    var counter = meters.find("chorus.progress").tag("outcome", outcome).counter();
    return counter == null ? 0 : counter.count();
  }
}
