package dev.chorus.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.agent.Agent;
import dev.chorus.agent.AgentRunner;
import dev.chorus.agent.AgentSettings;
import dev.chorus.agent.TaskContext;

/**
 * A test agent whose process dies (halts, no clean-up) on any input with {@code "poison": true},
 * unless started with {@code CURED=true}; otherwise it answers. Run as its own process.
 */
public class PoisonAgent implements Agent {

  static final String CAPABILITY = "test.poison";

  private final boolean cured =
      Boolean.parseBoolean(System.getenv().getOrDefault("CURED", "false"));

  @Override
  public String capability() {
    return CAPABILITY;
  }

  @Override
  public String version() {
    return "1.0.0";
  }

  @Override
  public ObjectNode handle(JsonNode input, TaskContext context) {
    if (input.path("poison").asBoolean() && !cured) {
      Runtime.getRuntime().halt(99);
    }
    return JsonNodeFactory.instance.objectNode().put("survived", true);
  }

  public static void main(String[] args) throws InterruptedException {
    PoisonAgent agent = new PoisonAgent();
    AgentRunner.start(agent, AgentSettings.fromEnvironment(agent));
    Thread.currentThread().join();
  }
}
