package dev.chorus.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.agent.Agent;
import dev.chorus.agent.AgentRunner;
import dev.chorus.agent.AgentSettings;
import dev.chorus.agent.TaskContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A test agent of any capability and version ({@code AGENT_CAPABILITY}, {@code AGENT_VERSION}) that
 * answers who it is. It holds first attempts for {@code HOLD_FIRST_ATTEMPT_MILLIS}, so a test can
 * catch it holding one, and drains when it reads {@code drain} on its standard input.
 */
public class VersionedAgent implements Agent {

  private final String capability = System.getenv("AGENT_CAPABILITY");
  private final String version = System.getenv("AGENT_VERSION");
  private final long holdFirstAttempt = Long.parseLong(System.getenv().getOrDefault("HOLD_FIRST_ATTEMPT_MILLIS", "0"));
  private final String agentId = System.getenv("CHORUS_AGENT_ID");

  @Override
  public String capability() {
    return capability;
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public ObjectNode handle(JsonNode input, TaskContext context) {
    if (context.attempt() == 1 && holdFirstAttempt > 0) {
      try {
        Thread.sleep(holdFirstAttempt);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return JsonNodeFactory.instance.objectNode()
        .put("answeredBy", agentId)
        .put("version", version)
        .put("attempt", context.attempt());
  }

  public static void main(String[] args) throws IOException, InterruptedException {
    VersionedAgent agent = new VersionedAgent();
    AgentRunner runner = AgentRunner.start(agent, AgentSettings.fromEnvironment(agent));
    Runtime.getRuntime().addShutdownHook(new Thread(runner::close));
    BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = commands.readLine(); line != null; line = commands.readLine()) {
      if (line.equals("drain")) {
        runner.drain();
      }
    }
    Thread.currentThread().join();
  }
}
