package dev.chorus.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chorus.pipeline.AgentReply;
import dev.chorus.protocol.DeadLetters;
import dev.chorus.protocol.DispatchTokens;
import dev.chorus.protocol.ReplyChecks;
import dev.chorus.protocol.ReplyEnvelope;
import dev.chorus.protocol.StreamGroups;
import dev.chorus.protocol.Streams;
import dev.chorus.protocol.TaskEnvelope;
import dev.chorus.stack.Ports;
import dev.chorus.stack.RedisServer;
import dev.chorus.stack.TemporalDevServer;
import dev.chorus.stack.junit.ServersExtension;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.models.stream.PendingMessage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.RpcRetryOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The listener against a real redis-server and a real Temporal dev server: what becomes of each
 * reply.
 */
@ExtendWith(ServersExtension.class)
class ReplyListenerTest {

  private static final DispatchTokens TOKENS =
      new DispatchTokens("k1", Map.of("k1", new byte[32]), Duration.ofHours(1), Clock.systemUTC());
  private static final int MAX_REPLY_BYTES = 4096;

  private final RedisServer redis;
  private final TemporalDevServer temporal;
  private RedisClient client;
  private StatefulRedisConnection<String, String> connection;
  private RedisCommands<String, String> commands;
  private WorkflowServiceStubs service;
  private WorkflowClient workflows;

  ReplyListenerTest(RedisServer redis, TemporalDevServer temporal) {
    this.redis = redis;
    this.temporal = temporal;
  }

  @BeforeEach
  void connect() {
    client = RedisClient.create(redis.uri());
    connection = client.connect();
    commands = connection.sync();
    commands.del(Streams.REPLIES, Streams.DEAD_REPLIES);
    service = stubs(temporal.address());
    workflows = client(service);
  }

  @AfterEach
  void disconnect() {
    service.shutdownNow();
    connection.close();
    client.shutdown();
  }

  @Test
  void createsItsGroupOnceAndAgainOnlyWhenItIsLost() {
    long creates = calls("xgroup|create");
    long reads = calls("xreadgroup");
    try (Bridge bridge = new Bridge(new ReplySignaller(workflows), 1)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> calls("xreadgroup") >= reads + 5);
      assertThat(calls("xgroup|create"))
          .as("XGROUP CREATE calls over five reads")
          .isEqualTo(creates + 1);

      // As when an operator deletes the stream or Redis comes back without its data: the group goes
      // with it.
      commands.del(Streams.REPLIES);
      String id =
          commands.xadd(Streams.REPLIES, reply("run-" + UUID.randomUUID(), "{}").toFields());

      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  StreamGroups.info(commands, Streams.REPLIES, Streams.BRIDGE_GROUP)
                      .filter(
                          group ->
                              id.equals(group.get("last-delivered-id"))
                                  && Long.valueOf(0).equals(group.get("pending")))
                      .isPresent());
      assertThat(calls("xgroup|create")).isEqualTo(creates + 2);
    }
  }

  /**
   * What the listener does not handle (here an Error, as from a broken deployment) ends it, on the
   * concurrent path as on the sequential one, and the replies stay pending for the next start.
   */
  @ParameterizedTest(name = "signalling {0} at once")
  @ValueSource(ints = {1, 4})
  void whatSettlingCannotHandleEndsTheListenerOnEitherPath(int signalConcurrency) {
    ReplySignaller broken =
        new ReplySignaller(workflows) {
          @Override
          public Outcome deliver(String workflowId, AgentReply reply) {
            throw new NoClassDefFoundError("dev/chorus/pipeline/AgentReply");
          }
        };
    commands.xadd(Streams.REPLIES, reply("run-a", "{}").toFields());
    commands.xadd(Streams.REPLIES, reply("run-b", "{}").toFields());

    try (Bridge bridge = new Bridge(broken, signalConcurrency)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> bridge.ended.get() != null);
      assertThat(bridge.ended.get()).isInstanceOf(NoClassDefFoundError.class);
    }
    assertThat(pending()).hasSize(2);
  }

  @Test
  void aReplyWaitsPendingWhileTemporalIsOutOfReach() {
    WorkflowServiceStubs nowhere = stubs("127.0.0.1:" + Ports.free());
    commands.xadd(Streams.REPLIES, reply("run-" + UUID.randomUUID(), "{}").toFields());
    try (Bridge bridge = new Bridge(new ReplySignaller(client(nowhere)), 1)) {
      // Read again from the pending entries after each failed signal.
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> pending().size() == 1 && pending().get(0).getRedeliveryCount() >= 2);
    } finally {
      nowhere.shutdownNow();
    }
    assertThat(pending()).hasSize(1);
    assertThat(commands.xlen(Streams.DEAD_REPLIES)).isZero();
  }

  @Test
  void aReplyForARunThatIsGoneIsAcknowledged() {
    String id = commands.xadd(Streams.REPLIES, reply("run-" + UUID.randomUUID(), "{}").toFields());
    try (Bridge bridge = new Bridge(new ReplySignaller(workflows), 1)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> acknowledged(id));
    }
    assertThat(commands.xlen(Streams.DEAD_REPLIES)).isZero();
  }

  @Test
  void aReplyThatFailsForAnUnexpectedReasonIsDeadLetteredWithTheReason() {
    ReplySignaller buggy =
        new ReplySignaller(workflows) {
          @Override
          public Outcome deliver(String workflowId, AgentReply reply) {
            throw new IllegalStateException("no step is waiting for task " + reply.taskId());
          }
        };
    String id = commands.xadd(Streams.REPLIES, reply("run-" + UUID.randomUUID(), "{}").toFields());

    try (Bridge bridge = new Bridge(buggy, 1)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> acknowledged(id));
      assertThat(bridge.thread.isAlive()).isTrue();
    }
    assertThat(deadLetterReason(id))
        .contains("IllegalStateException", "no step is waiting for task");
  }

  @Test
  void aReplyWithoutItsDispatchsTokenOrOverTheSizeLimitIsDeadLetteredAndNeverSignalled() {
    AtomicInteger signalled = new AtomicInteger();
    ReplySignaller counting =
        new ReplySignaller(workflows) {
          @Override
          public Outcome deliver(String workflowId, AgentReply reply) {
            signalled.incrementAndGet();
            return Outcome.NO_SUCH_RUN;
          }
        };
    Map<String, String> genuine = reply("run-" + UUID.randomUUID(), "{}").toFields();
    Map<String, String> noToken = new HashMap<>(genuine);
    noToken.remove("token");
    Map<String, String> otherDispatch = new HashMap<>(genuine);
    otherDispatch.put("dispatchId", "dispatch-2");
    Map<String, String> versionOne = new HashMap<>(noToken);
    versionOne.put("v", "1");
    Map<String, String> huge = new HashMap<>(genuine);
    huge.put("output", "{\"blob\":\"" + "x".repeat(MAX_REPLY_BYTES) + "\"}");
    Map<String, String> reasons = new java.util.LinkedHashMap<>();
    reasons.put(commands.xadd(Streams.REPLIES, noToken), "token: missing");
    reasons.put(
        commands.xadd(Streams.REPLIES, otherDispatch), "token: does not match this dispatch");
    reasons.put(commands.xadd(Streams.REPLIES, versionOne), "version 2 is required");
    reasons.put(
        commands.xadd(Streams.REPLIES, huge),
        "bytes is over the limit of " + MAX_REPLY_BYTES + " bytes");

    try (Bridge bridge = new Bridge(counting, 1)) {
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> commands.xlen(Streams.DEAD_REPLIES) == reasons.size() && pending().isEmpty());
    }
    reasons.forEach((id, reason) -> assertThat(deadLetterReason(id)).as(id).contains(reason));
    assertThat(signalled).as("replies signalled into a run").hasValue(0);
    String kept =
        new DeadLetters(commands)
            .list(Streams.DEAD_REPLIES, 10).stream()
                .filter(letter -> letter.reason().contains("over the limit"))
                .findFirst()
                .orElseThrow()
                .fields()
                .get("output");
    assertThat(kept).as("what the dead letter keeps of an oversized output").hasSizeLessThan(1100);
  }

  private static ReplyEnvelope reply(String workflowId, String output) {
    String taskId = "task-" + UUID.randomUUID();
    TaskEnvelope task =
        TaskEnvelope.first(
                taskId,
                "dispatch-1",
                workflowId,
                "s",
                "test.bridge",
                1,
                System.currentTimeMillis() + 600_000,
                "{}")
            .signed(TOKENS);
    return ReplyEnvelope.success(task, "agent-1", output);
  }

  private List<PendingMessage> pending() {
    return commands.xpending(
        Streams.REPLIES, Streams.BRIDGE_GROUP, Range.unbounded(), Limit.from(10));
  }

  /** Read by the bridge and no longer pending. */
  private boolean acknowledged(String id) {
    return StreamGroups.info(commands, Streams.REPLIES, Streams.BRIDGE_GROUP)
            .filter(group -> id.compareTo(String.valueOf(group.get("last-delivered-id"))) <= 0)
            .isPresent()
        && pending().isEmpty();
  }

  private String deadLetterReason(String entryId) {
    return new DeadLetters(commands)
        .list(Streams.DEAD_REPLIES, 10).stream()
            .filter(letter -> entryId.equals(letter.entryId()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("reply " + entryId + " was not dead-lettered"))
            .reason();
  }

  private long calls(String command) {
    Matcher calls =
        Pattern.compile("cmdstat_" + Pattern.quote(command) + ":calls=(\\d+)")
            .matcher(commands.info("commandstats"));
    return calls.find() ? Long.parseLong(calls.group(1)) : 0;
  }

  /** Stubs that give up on an unreachable Temporal within a second, not the SDK's minute. */
  private static WorkflowServiceStubs stubs(String target) {
    return WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder()
            .setTarget(target)
            .setRpcRetryOptions(
                RpcRetryOptions.newBuilder()
                    .setExpiration(Duration.ofSeconds(1))
                    .validateBuildWithDefaults())
            .build());
  }

  private static WorkflowClient client(WorkflowServiceStubs stubs) {
    return WorkflowClient.newInstance(
        stubs,
        WorkflowClientOptions.newBuilder().setNamespace(TemporalDevServer.NAMESPACE).build());
  }

  /** A listener on its own thread and connection, as the application runs it. */
  private final class Bridge implements AutoCloseable {

    final Thread thread;
    final AtomicReference<Throwable> ended = new AtomicReference<>();
    private final StatefulRedisConnection<String, String> reads = client.connect();
    private final ReplyListener listener;

    Bridge(ReplySignaller signaller, int signalConcurrency) {
      listener =
          new ReplyListener(
              reads.sync(),
              signaller,
              new ObjectMapper(),
              new ReplyChecks(TOKENS, MAX_REPLY_BYTES),
              new BridgeSettings("bridge-test", 10, Duration.ofMillis(100), signalConcurrency),
              OpenTelemetry.noop().getTracer("test"),
              new SimpleMeterRegistry());
      thread =
          new Thread(
              () -> {
                try {
                  listener.run();
                } catch (Throwable e) {
                  ended.set(e);
                }
              },
              "bridge-test");
      thread.start();
    }

    @Override
    public void close() {
      listener.stop();
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      reads.close();
    }
  }
}
