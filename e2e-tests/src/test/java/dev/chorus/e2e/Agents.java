package dev.chorus.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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

  /** A Java agent, {@code main} from this test's classpath, registering as {@code agentId}. */
  AgentProcess start(String agentId, Map<String, String> env, Class<?> main, String... args)
      throws IOException {
    return start(agentId, List.of(agentId), env, java(main, args));
  }

  /**
   * An {@link EchoAgent} serving {@code capabilities}, one registration each ({@code
   * <agentId>-<capability>}).
   */
  AgentProcess echo(String agentId, String... capabilities) throws IOException {
    List<String> registrations =
        Arrays.stream(capabilities).map(capability -> agentId + "-" + capability).toList();
    return start(agentId, registrations, Map.of(), java(EchoAgent.class, capabilities));
  }

  /** The Python example agent, run by the interpreter of the checkout's Python environment. */
  AgentProcess python(String agentId) throws IOException {
    Path script = stack.tools.checkout().resolve("examples/python/chorus_agent.py");
    return start(
        agentId,
        List.of(agentId),
        Map.of(),
        List.of(stack.tools.python().toString(), script.toString()));
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
      String agentId, List<String> registrations, Map<String, String> env, List<String> command)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> environment = builder.environment();
    environment.put("CHORUS_REDIS_URI", stack.redisServer.uri());
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
