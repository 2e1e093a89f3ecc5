package dev.chorus.e2e;

import static org.awaitility.Awaitility.await;

import dev.chorus.examples.DemoAgents;
import dev.chorus.protocol.RegistryKeys.Owner;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts agent processes against one {@link TestStack}: its Redis, its span collector, its logs.
 */
final class Agents {

  private final TestStack stack;

  Agents(TestStack stack) {
    this.stack = stack;
  }

  /**
   * A Java agent, {@code main} from this test's classpath, registering as {@code agentId} of {@code
   * capability} with credentials of its own.
   */
  AgentProcess start(
      String agentId, String capability, Map<String, String> env, Class<?> main, String... args)
      throws IOException {
    Map<String, String> all = new HashMap<>(env);
    all.put("CHORUS_REDIS_URI", credentials(capability, agentId));
    return start(agentId, List.of(new Owner(capability, agentId)), all, java(main, args));
  }

  /**
   * An {@link HttpEchoAgent} of {@code capability} listening on {@code port} with {@code
   * concurrency} slots, once it answers {@code GET /health}. It registers nothing: the push role
   * holds its registration.
   */
  AgentProcess http(String agentId, String capability, int port, int concurrency)
      throws IOException {
    AgentProcess agent =
        start(
            agentId,
            List.of(),
            Map.of("PORT", Integer.toString(port), "CONCURRENCY", Integer.toString(concurrency)),
            java(HttpEchoAgent.class, capability));
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest health =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build();
    await("agent " + agentId + " listens on " + port)
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .until(() -> http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    return agent;
  }

  /**
   * An {@link EchoAgent} serving {@code capabilities}, one registration each ({@code
   * <agentId>-<capability>}) with credentials of its own ({@link EchoAgent#uriVariable}).
   */
  AgentProcess echo(String agentId, String... capabilities) throws IOException {
    List<Owner> registrations = new ArrayList<>();
    Map<String, String> env = new HashMap<>();
    for (String capability : capabilities) {
      String id = agentId + "-" + capability;
      registrations.add(new Owner(capability, id));
      env.put(EchoAgent.uriVariable(capability), credentials(capability, id));
    }
    return start(agentId, registrations, env, java(EchoAgent.class, capabilities));
  }

  /**
   * The demo pipeline's four agents: keywords, summary and sentiment in Java, stats in Python
   * ({@code demo-stats-python}).
   */
  List<AgentProcess> demo() throws IOException {
    List<AgentProcess> demo = new ArrayList<>();
    for (String agent : List.of("keywords", "summary", "sentiment")) {
      demo.add(start("demo-" + agent, "text." + agent, Map.of(), DemoAgents.class, agent));
    }
    demo.add(python("demo-stats-python"));
    return demo;
  }

  /** The Python example agent, run by the interpreter of the checkout's Python environment. */
  AgentProcess python(String agentId) throws IOException {
    return python(agentId, "text.stats", "examples/python/stats_agent.py", Map.of());
  }

  /**
   * The Python test agent (e2e-tests/src/test/python/holding_agent.py) serving {@code capability},
   * holding each task {@code holdSeconds} before it answers.
   */
  AgentProcess pythonHolding(String agentId, String capability, int holdSeconds)
      throws IOException {
    return python(
        agentId,
        capability,
        "e2e-tests/src/test/python/holding_agent.py",
        Map.of("CAPABILITY", capability, "HOLD_SECONDS", Integer.toString(holdSeconds)));
  }

  private AgentProcess python(
      String agentId, String capability, String script, Map<String, String> settings)
      throws IOException {
    Map<String, String> env = new HashMap<>(settings);
    env.put("CHORUS_REDIS_URI", credentials(capability, agentId));
    // The SDK of this checkout, ahead of whichever version the Python environment has installed.
    env.put("PYTHONPATH", stack.tools.checkout().resolve("agent-sdk-python/src").toString());
    return start(
        agentId,
        List.of(new Owner(capability, agentId)),
        env,
        List.of(
            stack.tools.python().toString(), stack.tools.checkout().resolve(script).toString()));
  }

  /** Provisions the agent's own Redis user, as the command line and the gateway do. */
  String credentials(String capability, String agentId) {
    return stack.credentials.create(capability, agentId).uri();
  }

  private static List<String> java(Class<?> main, String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                main.getName()));
    command.addAll(List.of(args));
    return command;
  }

  private AgentProcess start(
      String agentId, List<Owner> registrations, Map<String, String> env, List<String> command)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> environment = builder.environment();
    environment.remove("CHORUS_REDIS_URI");
    environment.put("CHORUS_AGENT_ID", agentId);
    // Well under the test stack's reclaim idle time, so living agents keep their tasks.
    environment.put("CHORUS_AGENT_TOUCH_INTERVAL", "500ms");
    // Short leases, so an agent that stops heartbeating is dropped within a test's patience.
    environment.put("CHORUS_AGENT_HEARTBEAT", "300ms");
    environment.put("CHORUS_AGENT_LEASE", "2s");
    environment.put("OTEL_TRACES_EXPORTER", "otlp");
    environment.put("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", stack.spans.endpoint());
    environment.put("OTEL_BSP_SCHEDULE_DELAY", "200");
    // A busy test machine answers slowly; a span must not be dropped for that.
    environment.put("OTEL_EXPORTER_OTLP_TIMEOUT", "60000");
    environment.putAll(env);
    Path log = stack.home.log("agent-" + agentId);
    Files.createDirectories(log.getParent());
    return AgentProcess.start(
        agentId, stack.home, builder, log, stack.redisServer.uri(), registrations);
  }
}
