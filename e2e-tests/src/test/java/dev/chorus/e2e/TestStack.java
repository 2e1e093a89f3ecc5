package dev.chorus.e2e;

import dev.chorus.app.ChorusApplication;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.temporal.client.WorkflowClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The real servers the end-to-end tests run against (a Temporal dev server and a Redis, started by
 * {@code ./chorus test}), and one Chorus application started in this JVM with all three roles. Agents
 * run as separate processes ({@link AgentProcess}).
 */
final class TestStack {

  static final String TEMPORAL_ADDRESS = env("CHORUS_TEST_TEMPORAL_ADDRESS", "127.0.0.1:17233");
  static final String REDIS_URI = env("CHORUS_TEST_REDIS_URI", "redis://127.0.0.1:16379");
  static final String TEMPORAL_BIN = env("CHORUS_TEST_TEMPORAL_BIN", "temporal");
  static final Path LOG_DIR = Path.of(env("CHORUS_E2E_LOG_DIR", "target/e2e-logs"));

  private static TestStack instance;

  final ConfigurableApplicationContext chorus;
  final String gatewayUrl;
  final WorkflowClient temporal;
  final RedisCommands<String, String> redis;

  private TestStack() {
    RedisClient redisClient = RedisClient.create(REDIS_URI);
    StatefulRedisConnection<String, String> connection;
    try {
      connection = redisClient.connect();
    } catch (RuntimeException e) {
      throw new IllegalStateException("no Redis at " + REDIS_URI + "; run the tests with ./chorus test", e);
    }
    redis = connection.sync();
    // As command-line arguments, which outrank application.yaml (default properties would not).
    List<String> arguments = new ArrayList<>(List.of(
        "--server.port=0",
        "--spring.temporal.connection.target=" + TEMPORAL_ADDRESS,
        "--chorus.redis.uri=" + REDIS_URI,
        "--chorus.bridge.consumer-name=bridge-e2e",
        "--chorus.pipelines.built-in=pipelines/text-insights.yaml,pipelines/crash-recovery.yaml,pipelines/order-saga.yaml"));
    chorus = new SpringApplicationBuilder(ChorusApplication.class).run(arguments.toArray(String[]::new));
    gatewayUrl = "http://localhost:" + chorus.getEnvironment().getProperty("local.server.port");
    temporal = chorus.getBean(WorkflowClient.class);
  }

  /** Started on first use and shared by every test class of this JVM; the JVM's exit stops it. */
  static synchronized TestStack get() {
    if (instance == null) {
      instance = new TestStack();
    }
    return instance;
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
