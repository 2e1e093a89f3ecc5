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

  static final java.time.Duration RECLAIM_IDLE = java.time.Duration.ofSeconds(3);
  static final int MAX_DELIVERIES = 3;
  static final int MAX_BACKLOG = 100;

  /** The admin key every test's {@link Gateway} sends; configured by its SHA-256 like a production key. */
  static final String ADMIN_KEY = "chorus-e2e-admin-" + java.util.UUID.randomUUID();

  /** Receives the spans of the application and of every agent process. */
  static final SpanCollector SPANS = new SpanCollector();

  /** The application's log as JSON lines (Spring Boot's ECS format), for tests that follow a run through its logs. */
  static final Path JSON_LOG = LOG_DIR.resolve("chorus.json.log");

  private static TestStack instance;

  final ConfigurableApplicationContext chorus;
  final String gatewayUrl;
  final WorkflowClient temporal;
  final RedisCommands<String, String> redis;
  /** Signs the bearer JWTs tests send; the gateway verifies them with the public half. */
  final java.security.KeyPair jwtKeys;

  private TestStack() {
    RedisClient redisClient = RedisClient.create(REDIS_URI);
    StatefulRedisConnection<String, String> connection;
    try {
      connection = redisClient.connect();
    } catch (RuntimeException e) {
      throw new IllegalStateException("no Redis at " + REDIS_URI + "; run the tests with ./chorus test", e);
    }
    redis = connection.sync();
    jwtKeys = rsaKeyPair();
    // As command-line arguments, which outrank application.yaml (default properties would not).
    List<String> arguments = new ArrayList<>(List.of(
        "--server.port=0",
        "--spring.temporal.connection.target=" + TEMPORAL_ADDRESS,
        "--chorus.redis.uri=" + REDIS_URI,
        "--chorus.bridge.consumer-name=bridge-e2e",
        // Abandoned tasks are handed on within seconds here, not the production half-minute.
        "--chorus.bus.reclaim-idle=" + RECLAIM_IDLE.toMillis() + "ms",
        "--chorus.bus.reclaim-interval=500ms",
        "--chorus.bus.max-deliveries=" + MAX_DELIVERIES,
        "--chorus.bus.max-backlog=" + MAX_BACKLOG,
        // Tests read the streams back after a run, so nothing is trimmed behind their backs;
        // StreamTrimmerIT drives the trimmer itself.
        "--chorus.bus.trim-interval=1h",
        "--chorus.registry.reaper-period=200ms",
        "--chorus.pipelines.built-in=" + TestPipelines.builtIn(),
        // Security as in production: an admin key by its hash, and JWTs checked against a public key.
        "--chorus.gateway.security.enabled=true",
        "--chorus.gateway.security.api-keys[0].name=e2e-admin",
        "--chorus.gateway.security.api-keys[0].sha256=" + dev.chorus.gateway.ApiKeys.sha256(ADMIN_KEY),
        "--chorus.gateway.security.api-keys[0].role=admin",
        "--spring.security.oauth2.resourceserver.jwt.public-key-location=file:" + publicKeyFile(jwtKeys.getPublic()),
        // Floods of runs go through the gateway; RateLimitTest covers the limit itself.
        "--chorus.gateway.rate-limit.requests=1000000",
        "--management.opentelemetry.tracing.export.otlp.endpoint=" + SPANS.endpoint(),
        "--management.opentelemetry.tracing.export.schedule-delay=200ms",
        "--logging.config=classpath:chorus-json-logback.xml",
        "--logging.file.name=" + JSON_LOG,
        "--logging.level.dev.chorus.bridge=debug"));
    chorus = new SpringApplicationBuilder(ChorusApplication.class).run(arguments.toArray(String[]::new));
    gatewayUrl = "http://localhost:" + chorus.getEnvironment().getProperty("local.server.port");
    temporal = chorus.getBean(WorkflowClient.class);
  }

  /** The newest stored version of a pipeline. */
  dev.chorus.pipeline.model.PipelineDefinition pipeline(String name) {
    return chorus.getBean(dev.chorus.definition.RedisDefinitionStore.class).find(name, null).orElseThrow();
  }

  private static java.security.KeyPair rsaKeyPair() {
    try {
      java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String publicKeyFile(java.security.PublicKey key) {
    try {
      java.nio.file.Files.createDirectories(LOG_DIR);
      Path file = LOG_DIR.resolve("jwt-public.pem").toAbsolutePath();
      String pem = "-----BEGIN PUBLIC KEY-----\n"
          + java.util.Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
          + "\n-----END PUBLIC KEY-----\n";
      java.nio.file.Files.writeString(file, pem);
      return file.toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
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
