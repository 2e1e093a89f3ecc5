package dev.chorus.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An agent in its own JVM, as in production: started from this test's classpath, killable with SIGKILL. */
final class AgentProcess implements AutoCloseable {

  final String agentId;
  private final Process process;
  private final Path log;

  private AgentProcess(String agentId, Process process, Path log) {
    this.agentId = agentId;
    this.process = process;
    this.log = log;
  }

  /** A Java agent: {@code mainClass} from this test's classpath. */
  static AgentProcess start(String agentId, Map<String, String> env, String mainClass, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"), mainClass));
    command.addAll(List.of(args));
    return start(agentId, env, command);
  }

  /** The Python example agent, run by the interpreter {@code ./chorus test} prepared ({@code CHORUS_TEST_PYTHON}). */
  static AgentProcess startPython(String agentId) throws IOException {
    String python = System.getenv().getOrDefault("CHORUS_TEST_PYTHON", "python3");
    Path script = Path.of(System.getProperty("user.dir")).getParent().resolve("examples/python/chorus_agent.py");
    return start(agentId, Map.of(), List.of(python, script.toString()));
  }

  private static AgentProcess start(String agentId, Map<String, String> env, List<String> command) throws IOException {
    Files.createDirectories(TestStack.LOG_DIR);
    Path log = TestStack.LOG_DIR.resolve(agentId + ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("CHORUS_REDIS_URI", TestStack.REDIS_URI);
    builder.environment().put("CHORUS_AGENT_ID", agentId);
    // Well under the test stack's reclaim idle time, so living agents keep their tasks.
    builder.environment().put("CHORUS_AGENT_TOUCH_INTERVAL", "500ms");
    // Short leases, so an agent that stops heartbeating is dropped within a test's patience.
    builder.environment().put("CHORUS_AGENT_HEARTBEAT", "300ms");
    builder.environment().put("CHORUS_AGENT_LEASE", "2s");
    builder.environment().put("OTEL_TRACES_EXPORTER", "otlp");
    builder.environment().put("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", TestStack.SPANS.endpoint());
    builder.environment().put("OTEL_BSP_SCHEDULE_DELAY", "200");
    // A busy test machine answers slowly; a span must not be dropped for that.
    builder.environment().put("OTEL_EXPORTER_OTLP_TIMEOUT", "60000");
    builder.environment().putAll(env);
    AgentProcess agent = new AgentProcess(agentId, builder.start(), log);
    agent.awaitReady();
    return agent;
  }

  private void awaitReady() {
    await("agent " + agentId + " ready (log: " + log + ")")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> {
          if (!process.isAlive()) {
            throw new IllegalStateException("agent " + agentId + " exited: " + Files.readString(log));
          }
          return Files.readString(log).contains("agent ready");
        });
  }

  /** Waits for the process to end by itself, as an agent that halts on a poison task does. */
  void awaitExit(Duration deadline) {
    await("agent " + agentId + " exits").atMost(deadline).until(() -> !process.isAlive());
  }

  /** Writes a line to the agent's standard input, for test agents that take commands there. */
  void send(String line) throws IOException {
    OutputStreamWriter in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    in.write(line + "\n");
    in.flush();
  }

  /** Waits until the agent's log shows {@code text}. */
  void awaitLog(String text) {
    await("agent " + agentId + " logs '" + text + "'")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> Files.readString(log).contains(text));
  }

  /** SIGKILL: no shutdown hook runs, nothing is acknowledged, as when a machine dies. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
      kill();
    }
  }
}
