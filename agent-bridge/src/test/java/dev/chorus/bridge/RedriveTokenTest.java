package dev.chorus.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.protocol.DeadLetter;
import dev.chorus.protocol.DeadLetters;
import dev.chorus.protocol.DispatchTokens;
import dev.chorus.protocol.Streams;
import dev.chorus.protocol.TaskEnvelope;
import dev.chorus.stack.RedisServer;
import dev.chorus.stack.junit.ServersExtension;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A re-driven task gets a fresh deadline, and its token is renewed for it only when the token is
 * Chorus's own for that task, so a dead letter planted by hand never comes back with a token.
 */
@ExtendWith(ServersExtension.class)
class RedriveTokenTest {

  private static final String STREAM = Streams.tasks("test.redrive", 1);
  private static final DispatchTokens TOKENS =
      new DispatchTokens("k1", Map.of("k1", new byte[32]), Duration.ofHours(1), Clock.systemUTC());

  private final RedisServer redis;
  private RedisClient client;
  private StatefulRedisConnection<String, String> connection;
  private RedisCommands<String, String> commands;

  RedriveTokenTest(RedisServer redis) {
    this.redis = redis;
  }

  @BeforeEach
  void connect() {
    client = RedisClient.create(redis.uri());
    connection = client.connect();
    commands = connection.sync();
    commands.del(STREAM, Streams.deadTasks("test.redrive"));
  }

  @AfterEach
  void disconnect() {
    connection.close();
    client.shutdown();
  }

  @Test
  void aGenuineTokenIsRenewedForTheFreshDeadlineAndAPlantedOneIsNot() {
    // Its deadline long past, as for a task dead-lettered after its step's timeout.
    long past = System.currentTimeMillis() - 60_000;
    TaskEnvelope genuine =
        TaskEnvelope.first("w/r/s", "w/r/s#1", "w", "s", "test.redrive", 1, past, "{}")
            .signed(TOKENS);
    Map<String, String> planted = new LinkedHashMap<>(genuine.toFields());
    planted.put("dispatchId", "w/r/s#2");
    DeadLetters deadLetters = new DeadLetters(commands, TOKENS);

    Map<String, String> redriven = redrive(deadLetters, genuine.toFields());
    assertThat(Long.parseLong(redriven.get("deadline"))).isGreaterThan(System.currentTimeMillis());
    assertThat(TOKENS.problem(redriven.get("token"), "w/r/s#1", "w/r/s", "w")).isEmpty();

    Map<String, String> replanted = redrive(deadLetters, planted);
    assertThat(replanted.get("token")).isEqualTo(genuine.token());
    assertThat(TOKENS.problem(replanted.get("token"), "w/r/s#2", "w/r/s", "w"))
        .contains("does not match this dispatch");
  }

  private Map<String, String> redrive(DeadLetters deadLetters, Map<String, String> task) {
    String id =
        DeadLetters.add(
            commands,
            Streams.deadTasks("test.redrive"),
            new DeadLetter(null, STREAM, "1-0", "test", "test", 1, task));
    String newId =
        deadLetters
            .redrive(Streams.deadTasks("test.redrive"), id, Duration.ofMinutes(5))
            .orElseThrow();
    return commands.xrange(STREAM, Range.create(newId, newId)).get(0).getBody();
  }
}
