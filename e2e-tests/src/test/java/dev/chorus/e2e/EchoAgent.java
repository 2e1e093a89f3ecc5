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
 * retryAfter: <duration>} (or, pausing the whole capability, {@code pauseCapability: <duration>}).
 * With {@code chunks: n, chunkMillis: m} it first emits n chunks of partial output ({@code chunk 1}
 * …), one every m milliseconds, with a progress entry every fifth, as a model streaming its tokens
 * would. Run as its own process with the capabilities to serve as arguments: {@code EchoAgent
 * test.echo test.undo}.
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
    if (input.hasNonNull("pauseCapability") && context.attempt() == 1) {
      throw AgentException.pauseCapability(
          "quota exhausted: every agent must wait",
          java.time.Duration.parse("PT" + input.get("pauseCapability").asText()));
    }
    if (input.hasNonNull("retryAfter") && context.attempt() == 1) {
      throw AgentException.retryAfter(
          "throttled: come back later",
          java.time.Duration.parse("PT" + input.get("retryAfter").asText()));
    }
    int chunks = input.path("chunks").asInt(0);
    for (int i = 1; i <= chunks; i++) {
      pause(input.path("chunkMillis").asLong(0));
      context.emit("chunk " + i);
      if (i % 5 == 0) {
        context.progress((double) i / chunks, i + " of " + chunks + " chunks");
      }
    }
    ObjectNode output = JsonNodeFactory.instance.objectNode().put("capability", capability);
    output.set("input", input);
    return output;
  }

  // The time a real agent's work would take between two chunks.
  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
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
