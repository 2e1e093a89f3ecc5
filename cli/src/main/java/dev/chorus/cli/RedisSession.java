package dev.chorus.cli;

import dev.chorus.stack.StackException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;

/** One Lettuce connection for a command that reads or writes what the product keeps in Redis. */
final class RedisSession implements AutoCloseable {

  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;

  RedisSession(String uri) {
    client = RedisClient.create(uri);
    try {
      connection = client.connect();
    } catch (RedisConnectionException e) {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
      throw new StackException(
          "no Redis at " + uri + " (is the stack up? ./chorus up): " + e.getMessage(), e);
    }
  }

  static RedisSession fromEnvironment() {
    return new RedisSession(LocalStack.fromEnvironment().redisUri());
  }

  RedisCommands<String, String> commands() {
    return connection.sync();
  }

  @Override
  public void close() {
    connection.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
  }
}
