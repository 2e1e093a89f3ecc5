package dev.chorus.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.agent.Agent;
import dev.chorus.agent.AgentException;
import dev.chorus.agent.AgentRunner;
import dev.chorus.agent.AgentSettings;
import dev.chorus.agent.TaskContext;

/**
 * A test agent that answers with what it was given, fails for good when the input says {@code fail:
 * true}, and answers a first attempt as a throttled upstream would when the input says {@code
 * retryAfter: <duration>}. Run as its own process with the capabilities to serve as arguments:
 * {@code EchoAgent test.echo test.undo}.
 */
public class EchoAgent implements Agent {

  private final String capability;

  EchoAgent(String capability) {
    this.capability = capability;
  }

  @Override
  public String capability() {
    return capability;
  }

  @Override
  public String version() {
    return "1.0.0";
  }

  @Override
  public ObjectNode handle(JsonNode input, TaskContext context) throws AgentException {
    if (input.path("fail").asBoolean(false)) {
      throw AgentException.fatal("Refused: asked to fail");
    }
    if (input.hasNonNull("retryAfter") && context.attempt() == 1) {
      throw AgentException.retryAfter(
          "throttled: come back later",
          java.time.Duration.parse("PT" + input.get("retryAfter").asText()));
    }
    ObjectNode output = JsonNodeFactory.instance.objectNode().put("capability", capability);
    output.set("input", input);
    return output;
  }

  /**
   * The variable holding the Redis URI of the credentials for one capability: each registration has
   * a user of its own.
   */
  static String uriVariable(String capability) {
    return "CHORUS_REDIS_URI_"
        + capability.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
  }

  public static void main(String[] args) throws InterruptedException {
    for (String capability : args) {
      EchoAgent agent = new EchoAgent(capability);
      // One registration per capability: agent ids are unique in the registry.
      AgentSettings settings = AgentSettings.fromEnvironment(agent);
      String uri = System.getenv().getOrDefault(uriVariable(capability), settings.redisUri());
      AgentRunner.start(
          agent, settings.withAgentId(settings.agentId() + "-" + capability).withRedisUri(uri));
    }
    Thread.currentThread().join();
  }
}
