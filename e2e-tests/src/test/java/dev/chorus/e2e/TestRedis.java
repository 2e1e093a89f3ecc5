package dev.chorus.e2e;

import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;

/**
 * Restarts the test Redis that {@code ./chorus test} started, the way it started it (append-only
 * file in the same folder) and under the same PID file, so the script still stops it afterwards.
 */
final class TestRedis {

  private TestRedis() {}

  /** Something checked while Redis is down. */
  interface WhileDown {
    void check() throws Exception;
  }

  static void restart() throws Exception {
    restart(() -> {});
  }

  static void restart(WhileDown whileDown) throws Exception {
    String dir = required("CHORUS_TEST_REDIS_DIR");
    String pidFile = required("CHORUS_TEST_REDIS_PIDFILE");
    RedisURI uri = RedisURI.create(TestStack.REDIS_URI);
    RedisClient client = RedisClient.create(uri);
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      connection.sync().shutdown(false);
    } catch (RedisException closedUnderUs) {
      // SHUTDOWN closes the connection before it can answer.
    } finally {
      client.shutdown();
    }
    await("Redis is down").atMost(Duration.ofSeconds(30)).until(() -> !listening(uri));
    whileDown.check();
    new ProcessBuilder("redis-server", "--port", Integer.toString(uri.getPort()), "--bind", "127.0.0.1", "--dir", dir,
        "--appendonly", "yes", "--save", "", "--daemonize", "yes", "--pidfile", pidFile)
        .inheritIO()
        .start()
        .waitFor();
    await("Redis is back").atMost(Duration.ofSeconds(30)).until(() -> listening(uri));
  }

  private static boolean listening(RedisURI uri) {
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String required(String name) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(name + " is not set; run the tests with ./chorus test");
    }
    return value;
  }
}
