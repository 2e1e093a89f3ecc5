package dev.chorus.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.chorus.agent.Agent;
import dev.chorus.agent.PushServer;
import dev.chorus.agent.PushSettings;
import dev.chorus.agent.TaskContext;
import dev.chorus.bridge.ReclaimSettings;
import dev.chorus.bridge.TaskReclaimer;
import dev.chorus.protocol.DispatchTokens;
import dev.chorus.protocol.RegistryKeys;
import dev.chorus.protocol.ReplyEnvelope;
import dev.chorus.protocol.Streams;
import dev.chorus.protocol.TaskEnvelope;
import dev.chorus.stack.RedisServer;
import dev.chorus.stack.junit.ServersExtension;
import io.lettuce.core.Consumer;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The deliverer against a real redis-server and a real HTTP agent ({@link PushServer}), with a
 * scripted HTTP server in front of it where the agent must misbehave.
 */
@ExtendWith(ServersExtension.class)
class PushDelivererTest {

  private static final DispatchTokens TOKENS =
      new DispatchTokens("k1", Map.of("k1", new byte[32]), Duration.ofHours(1), Clock.systemUTC());
  private static final DeliverySettings SETTINGS =
      new DeliverySettings(
          Duration.ofMillis(200),
          Duration.ofSeconds(5),
          Duration.ofMillis(50),
          Duration.ofMillis(200),
          3,
          Duration.ofMillis(200),
          Duration.ofSeconds(2),
          Duration.ofMillis(200),
          Duration.ofSeconds(5));

  private final RedisServer redis;
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final List<AutoCloseable> open = new ArrayList<>();
  private RedisClient client;
  private RedisCommands<String, String> commands;
  private String capability;
  private String replies;

  PushDelivererTest(RedisServer redis) {
    this.redis = redis;
  }

  @BeforeEach
  void connect() {
    client = RedisClient.create(redis.uri());
    commands = client.connect().sync();
    // A capability of its own per test, so streams and dead letters start empty.
    capability = "test.push" + UUID.randomUUID().toString().substring(0, 8);
    replies = Streams.REPLIES + ":" + capability;
  }

  @AfterEach
  void close() throws Exception {
    Collections.reverse(open);
    for (AutoCloseable closeable : open) {
      closeable.close();
    }
    client.shutdown();
  }

  @Test
  void everyTaskIsAnsweredOnItsReplyStreamWithNoMoreInFlightThanTheLimit() throws Exception {
    CountingAgent agent = new CountingAgent(capability, 30);
    PushServer server = agent(agent, 0, 4);
    PushDeliverer deliverer = deliverer(server.port(), 2);
    List<TaskEnvelope> tasks = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      tasks.add(dispatch("t" + i));
    }

    await("20 replies").atMost(Duration.ofSeconds(30)).until(() -> replies().size() == 20);

    for (TaskEnvelope task : tasks) {
      assertThat(replies())
          .filteredOn(reply -> reply.taskId().equals(task.taskId()))
          .singleElement()
          .satisfies(
              reply -> {
                assertThat(reply.ok()).isTrue();
                assertThat(reply.token()).isEqualTo(task.token());
              });
    }
    assertThat(agent.mostAtOnce.get()).as("requests in flight at once").isBetween(1, 2);
    await("acknowledged").atMost(Duration.ofSeconds(5)).until(() -> pending() == 0);
    assertThat(deliverer.inFlight()).isZero();
    assertThat(commands.hgetall(RegistryKeys.agent(capability, "push-test")))
        .containsEntry("concurrency", "2");
    assertThat(
            meters
                .counter("chorus.push.requests", "capability", capability, "outcome", "reply")
                .count())
        .isEqualTo(20);
  }

  @Test
  void aTaskTheAgentRefusesIsDeadLetteredWithItsDetailAndItsRunIsTold() throws Exception {
    ScriptedFront front = new ScriptedFront(0);
    front.script.add(
        new Canned(
            422,
            Map.of("Content-Type", "application/problem+json"),
            "{\"type\":\"about:blank\",\"title\":\"Unprocessable\",\"status\":422,"
                + "\"detail\":\"malformed task: /input: not an object\"}"));
    deliverer(front.port(), 2);
    TaskEnvelope task = dispatch("refused");

    await("the notice").atMost(Duration.ofSeconds(15)).until(() -> replies().size() == 1);
    ReplyEnvelope notice = replies().get(0);
    assertThat(notice.ok()).isFalse();
    assertThat(notice.retryable()).isFalse();
    assertThat(notice.error()).contains("malformed task: /input: not an object");
    assertThat(notice.dispatchId()).isEqualTo(task.dispatchId() + ReplyEnvelope.DEAD_LETTER_SUFFIX);
    assertThat(deadLetters())
        .singleElement()
        .satisfies(entry -> assertThat(entry.getBody().get("reason")).contains("not an object"));
    assertThat(pending()).isZero();
  }

  @Test
  void aFailingAgentGetsTheTaskAgainUntilTheLimitThenItIsDeadLettered() throws Exception {
    ScriptedFront front = new ScriptedFront(0);
    for (int i = 0; i < 10; i++) {
      front.script.add(new Canned(503, Map.of(), "down for maintenance"));
    }
    deliverer(front.port(), 2);
    dispatch("doomed");

    await("the notice").atMost(Duration.ofSeconds(15)).until(() -> replies().size() == 1);
    assertThat(front.requests.get()).as("requests before giving up").isEqualTo(3);
    assertThat(replies().get(0).retryable()).isTrue();
    assertThat(replies().get(0).error()).contains("pushed 3 times").contains("503");
    assertThat(deadLetters()).hasSize(1);
    assertThat(pending()).isZero();
  }

  @Test
  void aBusyAgentIsAskedAgainNoSoonerThanItsRetryAfterAndNotCountedAsFailing() throws Exception {
    PushServer server = agent(new CountingAgent(capability, 0), 0, 1);
    ScriptedFront front = new ScriptedFront(server.port());
    // More 429s than the failure limit: being busy is not failing.
    for (int i = 0; i < 4; i++) {
      front.script.add(new Canned(429, Map.of("Retry-After", "1"), "{}"));
    }
    deliverer(front.port(), 1);
    long start = System.nanoTime();
    TaskEnvelope task = dispatch("busy");

    await("the reply").atMost(Duration.ofSeconds(20)).until(() -> replies().size() == 1);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofSeconds(4));
    assertThat(replies().get(0).ok()).isTrue();
    assertThat(replies().get(0).taskId()).isEqualTo(task.taskId());
    assertThat(front.requests.get()).isEqualTo(5);
    assertThat(deadLetters()).isEmpty();
  }

  @Test
  void anAgentThatIsNotUpYetGetsItsTaskOnceItStarts() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    DeliverySettings patient =
        new DeliverySettings(
            SETTINGS.readBlock(),
            SETTINGS.requestTimeout(),
            Duration.ofMillis(50),
            Duration.ofMillis(200),
            100,
            SETTINGS.heartbeat(),
            SETTINGS.lease(),
            SETTINGS.touchInterval(),
            SETTINGS.drainTimeout());
    open.add(PushDeliverer.start(client, endpoint(port, 1), patient, meters));
    dispatch("cold");
    await("refused connections")
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                meters
                        .counter(
                            "chorus.push.requests", "capability", capability, "outcome", "failed")
                        .count()
                    >= 2);

    agent(new CountingAgent(capability, 0), port, 1);

    await("the reply").atMost(Duration.ofSeconds(10)).until(() -> replies().size() == 1);
    assertThat(replies().get(0).ok()).isTrue();
    assertThat(deadLetters()).isEmpty();
  }

  @Test
  void aRestartedDelivererAnswersTheTasksItHeldWhenItCrashed() throws Exception {
    PushServer server = agent(new CountingAgent(capability, 0), 0, 2);
    TaskEnvelope task = dispatch("held");
    // Read as the deliverer reads, then never answered: what a crash right after the read leaves.
    commands.xgroupCreate(
        XReadArgs.StreamOffset.from(Streams.tasks(capability, 1), "0"),
        Streams.AGENT_GROUP,
        XGroupCreateArgs.Builder.mkstream());
    commands.xreadgroup(
        Consumer.from(Streams.AGENT_GROUP, "push-test"),
        XReadArgs.StreamOffset.lastConsumed(Streams.tasks(capability, 1)));
    assertThat(pending()).isEqualTo(1);

    deliverer(server.port(), 2);

    await("the reply").atMost(Duration.ofSeconds(10)).until(() -> replies().size() == 1);
    assertThat(replies().get(0).taskId()).isEqualTo(task.taskId());
    await("acknowledged").atMost(Duration.ofSeconds(5)).until(() -> pending() == 0);
  }

  @Test
  void whatADeadDelivererHeldIsHandedOnByTheReclaimerAndDeliveredByAnother() throws Exception {
    PushServer server = agent(new CountingAgent(capability, 0), 0, 2);
    TaskEnvelope task = dispatch("orphan");
    commands.xgroupCreate(
        XReadArgs.StreamOffset.from(Streams.tasks(capability, 1), "0"),
        Streams.AGENT_GROUP,
        XGroupCreateArgs.Builder.mkstream());
    // Held by a deliverer that died and never comes back under its name.
    commands.xreadgroup(
        Consumer.from(Streams.AGENT_GROUP, "push-gone"),
        XReadArgs.StreamOffset.lastConsumed(Streams.tasks(capability, 1)));
    deliverer(server.port(), 2);
    TaskReclaimer reclaimer =
        new TaskReclaimer(
            commands, new ReclaimSettings("reclaimer", Duration.ofMillis(300), 5), meters);

    await("the reply, once the reclaimer has handed the task on")
        .atMost(Duration.ofSeconds(15))
        .until(
            () -> {
              reclaimer.run();
              return replies().size() == 1;
            });
    assertThat(replies().get(0).taskId()).isEqualTo(task.taskId());
    assertThat(
            commands.xrange(Streams.tasks(capability, 1), Range.create("-", "+")).stream()
                .map(entry -> entry.getBody().get("delivery")))
        .containsExactly("1", "2");
    await("nothing pending").atMost(Duration.ofSeconds(5)).until(() -> pending() == 0);
  }

  private PushServer agent(Agent agent, int port, int concurrency) {
    PushServer server =
        PushServer.start(
            agent,
            new PushSettings("127.0.0.1", port, "http-agent", concurrency, Duration.ofSeconds(1)));
    open.add(server);
    return server;
  }

  private PushDeliverer deliverer(int port, int maxInFlight) {
    PushDeliverer deliverer =
        PushDeliverer.start(client, endpoint(port, maxInFlight), SETTINGS, meters);
    open.add(deliverer);
    return deliverer;
  }

  private PushEndpoint endpoint(int port, int maxInFlight) {
    return new PushEndpoint(
        capability,
        "1.0.0",
        URI.create("http://127.0.0.1:" + port + "/tasks"),
        maxInFlight,
        "push-test");
  }

  private TaskEnvelope dispatch(String name) {
    TaskEnvelope task =
        TaskEnvelope.first(
                name + "-" + UUID.randomUUID(),
                name + "-d1",
                "run-" + name,
                "step",
                capability,
                1,
                System.currentTimeMillis() + 60_000,
                "{\"text\":\"" + name + "\"}")
            .withReplyTo(replies)
            .signed(TOKENS);
    commands.xadd(Streams.tasks(capability, 1), task.toFields());
    return task;
  }

  private List<ReplyEnvelope> replies() {
    return commands.xrange(replies, Range.create("-", "+")).stream()
        .map(entry -> ReplyEnvelope.fromFields(entry.getBody()))
        .toList();
  }

  private List<StreamMessage<String, String>> deadLetters() {
    return commands.xrange(Streams.deadTasks(capability), Range.create("-", "+"));
  }

  private long pending() {
    return commands.xpending(Streams.tasks(capability, 1), Streams.AGENT_GROUP).getCount();
  }

  /** Echoes its input, taking {@code millis} per task, and notes how many it had at once. */
  private static final class CountingAgent implements Agent {

    private final String capability;
    private final long millis;
    private final AtomicInteger now = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();

    CountingAgent(String capability, long millis) {
      this.capability = capability;
      this.millis = millis;
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
    public ObjectNode handle(JsonNode input, TaskContext context) {
      mostAtOnce.accumulateAndGet(now.incrementAndGet(), Math::max);
      try {
        // The work a real agent does: time during which the task is in flight.
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        now.decrementAndGet();
      }
      ObjectNode output = JsonNodeFactory.instance.objectNode();
      output.set("input", input);
      return output;
    }
  }

  private record Canned(int status, Map<String, String> headers, String body) {}

  /**
   * Answers from its script while it lasts, then passes each request on to the agent at {@code
   * agentPort}.
   */
  private final class ScriptedFront {

    final List<Canned> script = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger requests = new AtomicInteger();
    private final HttpServer server;

    ScriptedFront(int agentPort) throws IOException {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
      server.createContext(
          "/tasks",
          exchange -> {
            requests.incrementAndGet();
            byte[] body = exchange.getRequestBody().readAllBytes();
            Canned answer;
            synchronized (script) {
              answer = script.isEmpty() ? null : script.remove(0);
            }
            if (answer == null) {
              try {
                var response =
                    http.send(
                        java.net.http.HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + agentPort + "/tasks"))
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body))
                            .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                answer = new Canned(response.statusCode(), Map.of(), response.body());
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                answer = new Canned(500, Map.of(), "interrupted");
              }
            }
            byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
            answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.sendResponseHeaders(answer.status(), out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
          });
      server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
      server.start();
      open.add(() -> server.stop(0));
    }

    int port() {
      return server.getAddress().getPort();
    }
  }
}
