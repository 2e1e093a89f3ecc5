package dev.chorus.gateway;

import dev.chorus.protocol.DeadLetter;
import dev.chorus.protocol.DeadLetters;
import dev.chorus.protocol.DispatchTokens;
import dev.chorus.protocol.MalformedEnvelopeException;
import dev.chorus.protocol.ReplyChecks;
import dev.chorus.protocol.ReplyEnvelope;
import dev.chorus.protocol.Streams;
import dev.chorus.protocol.TaskEnvelope;
import dev.chorus.registry.CapabilityRequirement;
import dev.chorus.registry.NoAgentException;
import dev.chorus.registry.Route;
import dev.chorus.registry.Router;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Request/reply outside workflows: a task goes to the capability's stream like any other, naming
 * this instance's own reply stream in {@code replyTo}, and the caller waits for the one reply with
 * a timeout. Agents need nothing special: they answer on whatever stream the task names. As in the
 * bridge, a reply completes its caller only when it is within the size limit and carries the task's
 * dispatch token; any other is dead-lettered to the dead replies with the reason.
 */
public class Invoker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Invoker.class);

  /** An abandoned instance's reply stream disappears this long after its last use. */
  private static final Duration REPLY_STREAM_TTL = Duration.ofHours(1);

  private final Router router;
  private final DispatchTokens tokens;
  private final ReplyChecks checks;
  private final StatefulRedisConnection<String, String> commands;
  private final StatefulRedisConnection<String, String> listening;
  private final String replyStream = Streams.REPLIES + ":invoke:" + UUID.randomUUID();
  private final Map<String, CompletableFuture<ReplyEnvelope>> waiting = new ConcurrentHashMap<>();
  private final Thread listener = new Thread(this::listen, "chorus-invoke-replies");
  private volatile boolean running = true;

  public Invoker(RedisClient redis, Router router, DispatchTokens tokens, ReplyChecks checks) {
    this.router = router;
    this.tokens = tokens;
    this.checks = checks;
    commands = redis.connect();
    listening = redis.connect();
    listener.start();
  }

  /**
   * Sends {@code inputJson} to the newest healthy version of {@code capability}; the future fails
   * with a TimeoutException after {@code timeout}.
   *
   * @throws NoAgentException when no healthy agent serves the capability
   */
  CompletableFuture<ReplyEnvelope> invoke(String capability, String inputJson, Duration timeout) {
    Route route = router.route(CapabilityRequirement.parse(capability, "*", List.of()), null);
    String id = "invoke/" + UUID.randomUUID();
    TaskEnvelope task =
        TaskEnvelope.first(
                id,
                id + "#1",
                id,
                "invoke",
                capability,
                1,
                System.currentTimeMillis() + timeout.toMillis(),
                inputJson)
            .withReplyTo(replyStream)
            .signed(tokens);
    CompletableFuture<ReplyEnvelope> reply = new CompletableFuture<>();
    waiting.put(id, reply);
    commands.sync().xadd(route.stream(), task.toFields());
    return reply
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete((r, e) -> waiting.remove(id));
  }

  private void listen() {
    String after = "0";
    while (running) {
      try {
        List<StreamMessage<String, String>> replies =
            listening
                .sync()
                .xread(
                    XReadArgs.Builder.block(Duration.ofSeconds(1)).count(100),
                    StreamOffset.from(replyStream, after));
        for (StreamMessage<String, String> message : replies) {
          complete(message);
          after = message.getId();
        }
        if (!replies.isEmpty()) {
          listening.sync().expire(replyStream, REPLY_STREAM_TTL);
        }
      } catch (RedisException e) {
        if (running) {
          log.warn("reading {} failed, retrying: {}", replyStream, e.getMessage());
        }
      }
    }
  }

  private void complete(StreamMessage<String, String> message) {
    Map<String, String> fields = message.getBody();
    Optional<String> refused = checks.oversized(fields);
    if (refused.isEmpty()) {
      refused = checks.tokenProblem(fields);
    }
    if (refused.isPresent()) {
      DeadLetters.add(
          listening.sync(),
          Streams.DEAD_REPLIES,
          new DeadLetter(
              null,
              replyStream,
              message.getId(),
              refused.get(),
              "gateway",
              1,
              ReplyChecks.abridged(fields)));
      log.warn("dead-lettered reply {} on {}: {}", message.getId(), replyStream, refused.get());
      listening.sync().xdel(replyStream, message.getId());
      return;
    }
    try {
      ReplyEnvelope reply = ReplyEnvelope.fromFields(message.getBody());
      CompletableFuture<ReplyEnvelope> caller = waiting.get(reply.taskId());
      if (caller != null) {
        caller.complete(reply);
      }
    } catch (MalformedEnvelopeException e) {
      String taskId = message.getBody().get("taskId");
      CompletableFuture<ReplyEnvelope> caller = taskId == null ? null : waiting.get(taskId);
      if (caller != null) {
        caller.completeExceptionally(e);
      }
    }
    listening.sync().xdel(replyStream, message.getId());
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    listener.join(2_000);
    commands.close();
    listening.close();
  }
}
