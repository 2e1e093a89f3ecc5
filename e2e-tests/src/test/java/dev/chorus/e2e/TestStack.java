package dev.chorus.e2e;

import dev.chorus.app.ChorusApplication;
import dev.chorus.registry.credentials.AgentCredentials;
import dev.chorus.stack.RedisServer;
import dev.chorus.stack.StackHome;
import dev.chorus.stack.TemporalEngine;
import dev.chorus.stack.Tools;
import dev.chorus.stack.junit.SharedServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The real servers the end-to-end tests run against (a Temporal, the dev server unless {@code
 * -Dchorus.temporal.engine=postgres} chooses the Temporal server on PostgreSQL, and a Redis, shared
 * by the JVM's tests), and one Chorus application started in this JVM with all three roles. Agents
 * run as separate processes ({@link #agents}). Tests get it from {@link ChorusE2E}.
 */
final class TestStack implements AutoCloseable {

  static final Duration RECLAIM_IDLE = Duration.ofSeconds(3);
  static final int MAX_DELIVERIES = 3;
  static final int MAX_BACKLOG = 100;

  /** The capability the push role delivers to {@link #pushAgentPort}. */
  static final String PUSH_CAPABILITY = "test.push-http";

  /** Requests the push role has in flight to the HTTP agent, as many as its concurrency. */
  static final int PUSH_IN_FLIGHT = 4;

  /** The issuer every JWT the tests send must name. */
  static final String JWT_ISSUER = "https://issuer.chorus-e2e";

  /** Refused credentials one client address may send per minute. */
  static final int FAILURES_PER_MINUTE = 50;

  /**
   * The admin key every test's {@link Gateway} sends; configured by its SHA-256 like a production
   * key.
   */
  static final String ADMIN_KEY = "chorus-e2e-admin-" + UUID.randomUUID();

  final RedisServer redisServer;
  final TemporalEngine temporalServer;
  final Tools tools;
  final StackHome home;

  /**
   * Where tests keep what they produce for a reader (histories, reports), beside the servers' logs.
   */
  final Path reports;

  /** Receives the spans of the application and of every agent process. */
  final SpanCollector spans = new SpanCollector();

  /**
   * The application's log as JSON lines (Spring Boot's ECS format), for tests that follow a run
   * through its logs.
   */
  final Path jsonLog;

  final Agents agents;

  /**
   * Where the push role posts the tasks of {@link #PUSH_CAPABILITY}; an HTTP agent listens here.
   */
  final int pushAgentPort = freePort();

  final ConfigurableApplicationContext chorus;
  final String gatewayUrl;
  final WorkflowClient temporal;

  /** The application's connection, as its own Redis user. */
  final RedisCommands<String, String> redis;

  /** Provisions each agent process's own Redis user, as the command line does for the demo. */
  final AgentCredentials credentials;

  /** Signs the bearer JWTs tests send; the gateway verifies them with the public half. */
  final KeyPair jwtKeys = rsaKeyPair();

  private final RedisClient redisClient;

  TestStack(SharedServers servers) {
    redisServer = servers.redis();
    temporalServer = servers.temporalEngine();
    tools = servers.tools();
    home = servers.home();
    reports = home.data("reports");
    jsonLog = home.log("chorus.json");
    agents = new Agents(this);
    redisClient = RedisClient.create(redisServer.uri());
    redis = redisClient.connect().sync();
    credentials = new AgentCredentials(redis, redisServer.address());
    // As command-line arguments, which outrank application.yaml (default properties would not).
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "--server.port=0",
                "--spring.temporal.connection.target=" + temporalServer.address(),
                "--chorus.redis.uri=" + redisServer.uri(),
                "--chorus.bridge.consumer-name=bridge-e2e",
                // Abandoned tasks are handed on within seconds here, not the production
                // half-minute.
                "--chorus.bus.reclaim-idle=" + RECLAIM_IDLE.toMillis() + "ms",
                "--chorus.bus.reclaim-interval=500ms",
                "--chorus.bus.max-deliveries=" + MAX_DELIVERIES,
                "--chorus.bus.max-backlog=" + MAX_BACKLOG,
                // Tests read the streams back after a run, so nothing is trimmed behind their
                // backs;
                // StreamTrimmerIT drives the trimmer itself.
                "--chorus.bus.trim-interval=1h",
                "--chorus.registry.reaper-period=200ms",
                // Run endings no run tells (terminated, timed out) are told within a second.
                "--chorus.bus.ending-sweep-interval=500ms",
                "--chorus.pipelines.built-in=" + TestPipelines.builtIn(),
                // Security as in production: an admin key by its hash, and JWTs checked against a
                // public key.
                "--chorus.gateway.security.enabled=true",
                "--chorus.gateway.security.api-keys[0].name=e2e-admin",
                "--chorus.gateway.security.api-keys[0].sha256="
                    + dev.chorus.gateway.ApiKeys.sha256(ADMIN_KEY),
                "--chorus.gateway.security.api-keys[0].role=admin",
                "--spring.security.oauth2.resourceserver.jwt.public-key-location=file:"
                    + publicKeyFile(jwtKeys.getPublic()),
                "--chorus.gateway.security.jwt.issuer=" + JWT_ISSUER,
                // Tests that refuse credentials share 127.0.0.1; HostileClientsIT uses up the
                // allowance from another loopback address.
                "--chorus.gateway.rate-limit.failures=" + FAILURES_PER_MINUTE,
                // Floods of runs go through the gateway; RateLimitTest covers the limit itself.
                "--chorus.gateway.rate-limit.requests=1000000",
                "--management.opentelemetry.tracing.export.otlp.endpoint=" + spans.endpoint(),
                "--management.opentelemetry.tracing.export.schedule-delay=200ms",
                // Push delivery of one capability to an HTTP agent that tests start on a fixed
                // port (PushDeliveryIT); patient enough for that agent to be killed and restarted.
                "--chorus.roles.push=true",
                "--chorus.push.consumer-name=push-e2e",
                "--chorus.push.capabilities[0].name=" + PUSH_CAPABILITY,
                "--chorus.push.capabilities[0].version=1.0.0",
                "--chorus.push.capabilities[0].url=http://127.0.0.1:" + pushAgentPort + "/tasks",
                "--chorus.push.capabilities[0].max-in-flight=" + PUSH_IN_FLIGHT,
                "--chorus.push.touch-interval=500ms",
                "--chorus.push.heartbeat=300ms",
                "--chorus.push.lease=2s",
                "--chorus.push.max-backoff=1s",
                "--chorus.push.max-attempts=30",
                "--logging.config=classpath:chorus-json-logback.xml",
                "--logging.file.name=" + jsonLog,
                "--logging.level.dev.chorus.bridge=debug"));
    if (temporalServer.uiUrl() != null) {
      // Runs link to their page in the test server's own Web UI (TemporalWebUiIT).
      arguments.add("--chorus.temporal.ui-url=" + temporalServer.uiUrl());
    }
    chorus =
        new SpringApplicationBuilder(ChorusApplication.class).run(arguments.toArray(String[]::new));
    gatewayUrl = "http://localhost:" + chorus.getEnvironment().getProperty("local.server.port");
    temporal = chorus.getBean(WorkflowClient.class);
  }

  /** The newest stored version of a pipeline. */
  /**
   * The options a run started straight through Temporal gets, as the gateway would give it: its id,
   * the pipelines' task queue and its pipeline's search attribute.
   */
  io.temporal.client.WorkflowOptions.Builder runOptions(String runId, String pipeline) {
    return io.temporal.client.WorkflowOptions.newBuilder()
        .setWorkflowId(runId)
        .setTaskQueue(dev.chorus.pipeline.TaskQueues.PIPELINES)
        .setTypedSearchAttributes(
            io.temporal.common.SearchAttributes.newBuilder()
                .set(dev.chorus.pipeline.RunSearchAttributes.PIPELINE, pipeline)
                .build());
  }

  dev.chorus.pipeline.model.PipelineDefinition pipeline(String name) {
    return chorus
        .getBean(dev.chorus.definition.RedisDefinitionStore.class)
        .find(name, null)
        .orElseThrow();
  }

  /**
   * {@code temporal workflow list --query …} against the test server, as an operator runs it; the
   * command must succeed.
   */
  String temporalList(String query) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(
                tools.temporal().toString(),
                "workflow",
                "list",
                "--address",
                temporalServer.address(),
                "--query",
                query)
            .redirectErrorStream(true)
            .start();
    String output;
    try (var in = process.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new AssertionError("temporal workflow list --query \"" + query + "\": " + output);
    }
    return output;
  }

  @Override
  public void close() {
    chorus.close();
    redisClient.shutdown();
    spans.close();
  }

  private static int freePort() {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static KeyPair rsaKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private Path publicKeyFile(PublicKey key) {
    Path file = home.data("chorus").resolve("jwt-public.pem");
    String pem =
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded())
            + "\n-----END PUBLIC KEY-----\n";
    try {
      Files.writeString(file, pem);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }
}
