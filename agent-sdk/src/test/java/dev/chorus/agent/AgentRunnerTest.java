package dev.chorus.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.protocol.DispatchTokens;
import dev.chorus.protocol.RegistryKeys;
import dev.chorus.protocol.StreamGroups;
import dev.chorus.protocol.Streams;
import dev.chorus.protocol.TaskEnvelope;
import dev.chorus.stack.RedisServer;
import dev.chorus.stack.junit.ServersExtension;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The runner against a real redis-server: what it reads, when it stops reading, and how it finds
 * its group again.
 */
@ExtendWith(ServersExtension.class)
class AgentRunnerTest {

  private static final DispatchTokens TOKENS =
      new DispatchTokens(
          "k1", Map.of("k1", new byte[32]), Duration.ofHours(1), java.time.Clock.systemUTC());

  private static final Pattern XREADGROUP_CALLS =
      Pattern.compile("cmdstat_xreadgroup:calls=(\\d+)");

  private final RedisServer redis;
  private RedisClient client;
  private StatefulRedisConnection<String, String> connection;
  private RedisCommands<String, String> commands;
  private final List<Throwable> uncaught = new CopyOnWriteArrayList<>();
  private Thread.UncaughtExceptionHandler previousHandler;

  AgentRunnerTest(RedisServer redis) {
    this.redis = redis;
  }

  @BeforeEach
  void connect() {
    client = RedisClient.create(redis.uri());
    connection = client.connect();
    commands = connection.sync();
    // A runner's threads have no handler of their own; whatever kills one lands here.
    previousHandler = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler((thread, e) -> uncaught.add(e));
  }

  @AfterEach
  void disconnect() {
    Thread.setDefaultUncaughtExceptionHandler(previousHandler);
    connection.close();
    client.shutdown();
  }

  @Test
  void drainingWithEverySlotBusyIssuesNoFurtherRead() {
    GatedAgent agent = new GatedAgent("test.drain-busy");
    AgentRunner runner = AgentRunner.start(agent, settings("drain-busy-1", 1));
    addTask(agent, "t1");
    await().atMost(Duration.ofSeconds(10)).until(() -> agent.started.contains("t1"));
    addTask(agent, "t2");
    long readsBeforeDraining = xreadgroupCalls();

    runner.drain();
    agent.gate.countDown();
    runner.close();

    assertThat(xreadgroupCalls())
        .as("XREADGROUP calls after draining began")
        .isEqualTo(readsBeforeDraining);
    assertThat(agent.started).containsExactly("t1");
  }

  @Test
  void closingWithEverySlotBusyLeavesNoTaskStrandedInItsHands() {
    GatedAgent agent = new GatedAgent("test.close-busy");
    String agentId = "close-busy-1";
    AgentRunner runner = AgentRunner.start(agent, settings(agentId, 1));
    addTask(agent, "t1");
    await().atMost(Duration.ofSeconds(10)).until(() -> agent.started.contains("t1"));
    addTask(agent, "t2");

    Thread closing = new Thread(runner::close, "closing");
    closing.start();
    // Marked draining once close() is done waiting for the reader; the task in hand finishes only
    // after that.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                "draining"
                    .equals(
                        commands.hget(RegistryKeys.agent(agent.capability(), agentId), "state")));
    agent.gate.countDown();
    await().atMost(Duration.ofSeconds(40)).until(() -> !closing.isAlive());

    assertThat(uncaught).as("exceptions that killed a runner thread").isEmpty();
    assertThat(commands.xpending(stream(agent), Streams.AGENT_GROUP).getCount())
        .as("tasks delivered to the closed agent and never answered")
        .isZero();
  }

  @Test
  void aTaskStillRunningAtTheDrainTimeoutIsLeftPendingAndTheAgentWithdraws() {
    GatedAgent agent = new GatedAgent("test.drain-timeout");
    String agentId = "drain-timeout-1";
    AgentSettings settings = settings(agentId, 1);
    AgentRunner runner =
        AgentRunner.start(
            agent,
            new AgentSettings(
                settings.redisUri(),
                agentId,
                1,
                settings.readBlock(),
                Map.of(),
                settings.heartbeat(),
                settings.lease(),
                settings.touchInterval(),
                Duration.ofMillis(300)));
    String replies = addTask(agent, "t1");
    await().atMost(Duration.ofSeconds(10)).until(() -> agent.started.contains("t1"));

    try {
      runner.close();

      // Unanswered and still this agent's: the reclaimer hands it on once it has gone untouched.
      assertThat(commands.xpending(stream(agent), Streams.AGENT_GROUP).getCount()).isEqualTo(1);
      assertThat(commands.xlen(replies)).isZero();
      assertThat(commands.exists(RegistryKeys.agent(agent.capability(), agentId))).isZero();
    } finally {
      agent.gate.countDown();
    }
  }

  @Test
  void aLostConsumerGroupIsCreatedAgain() {
    GatedAgent agent = new GatedAgent("test.lost-group");
    agent.gate.countDown();
    AgentRunner runner = AgentRunner.start(agent, settings("lost-group-1", 1));
    try {
      // As when Redis restarts without its data or an operator deletes the stream: the group goes
      // with it.
      commands.del(stream(agent));
      String replies = addTask(agent, "t1");

      await().atMost(Duration.ofSeconds(10)).until(() -> commands.xlen(replies) == 1);
      assertThat(StreamGroups.info(commands, stream(agent), Streams.AGENT_GROUP)).isPresent();
      Map<String, String> reply =
          commands.xrange(replies, io.lettuce.core.Range.create("-", "+")).get(0).getBody();
      assertThat(TOKENS.problem(reply.get("token"), "t1-d1", "t1", "run-t1"))
          .as("the reply echoes the task's token")
          .isEmpty();
    } finally {
      runner.close();
    }
  }

  @Test
  void theRegistrationPublishesTheAgentsSchemas() {
    String input = AgentSchemas.of(Echo.class);
    String output = AgentSchemas.resource("/schemas/echo-output.json");
    Agent agent =
        new GatedAgent("test.schemas") {
          @Override
          public java.util.Optional<String> inputSchema() {
            return java.util.Optional.of(input);
          }

          @Override
          public java.util.Optional<String> outputSchema() {
            return java.util.Optional.of(output);
          }
        };
    AgentRunner runner = AgentRunner.start(agent, settings("schemas-1", 1));
    try {
      Map<String, String> entry =
          commands.hgetall(RegistryKeys.agent(agent.capability(), "schemas-1"));

      assertThat(entry)
          .containsEntry(RegistryKeys.INPUT_SCHEMA_FIELD, input)
          .containsEntry(RegistryKeys.OUTPUT_SCHEMA_FIELD, output)
          .containsEntry("state", "ready");
    } finally {
      runner.close();
    }
  }

  record Echo(String text) {}

  private AgentSettings settings(String agentId, int concurrency) {
    return new AgentSettings(
        redis.uri(),
        agentId,
        concurrency,
        Duration.ofMillis(200),
        Map.of(),
        Duration.ofSeconds(1),
        Duration.ofSeconds(3),
        Duration.ofSeconds(1),
        AgentSettings.DEFAULT_DRAIN_TIMEOUT);
  }

  /** XADDs a task for the agent, answered on a stream of the agent's own; returns that stream. */
  private String addTask(Agent agent, String taskId) {
    String replies = Streams.REPLIES + ":" + agent.capability();
    TaskEnvelope task =
        TaskEnvelope.first(
                taskId,
                taskId + "-d1",
                "run-" + taskId,
                "step",
                agent.capability(),
                1,
                System.currentTimeMillis() + 60_000,
                "{}")
            .withReplyTo(replies)
            .signed(TOKENS);
    commands.xadd(stream(agent), task.toFields());
    return replies;
  }

  private static String stream(Agent agent) {
    return Streams.tasks(agent.capability(), 1);
  }

  private long xreadgroupCalls() {
    Matcher calls = XREADGROUP_CALLS.matcher(commands.info("commandstats"));
    return calls.find() ? Long.parseLong(calls.group(1)) : 0;
  }

  /** Records every task it starts on, and finishes none before its gate opens. */
  private static class GatedAgent implements Agent {

    final List<String> started = new CopyOnWriteArrayList<>();
    final CountDownLatch gate = new CountDownLatch(1);
    private final String capability;

    GatedAgent(String capability) {
      this.capability = capability;
    }

    @Override
    public String capability() {
      return capability;
    }

    @Override
    public String version() {
      return "1.0.0";
    }

    @Override
    public ObjectNode handle(JsonNode input, TaskContext context) throws AgentException {
      started.add(context.taskId());
      try {
        if (!gate.await(30, TimeUnit.SECONDS)) {
          throw AgentException.fatal("the test never opened the gate");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return JsonNodeFactory.instance.objectNode();
    }
  }
}
