package dev.chorus.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.agent.Agent;
import dev.chorus.agent.AgentRunner;
import dev.chorus.agent.AgentSettings;
import dev.chorus.agent.TaskContext;

/**
 * A test agent that holds each task for {@code HOLD_MILLIS} before answering (0: answers at once),
 * so a test can kill it while it holds one. It serves {@code CAPABILITY} (default {@value
 * #CAPABILITY}). Run as its own process: {@code HoldingAgent}.
 */
public class HoldingAgent implements Agent {

  static final String CAPABILITY = "test.hold";

  private final String capability = System.getenv().getOrDefault("CAPABILITY", CAPABILITY);
  private final long holdMillis = Long.parseLong(System.getenv().getOrDefault("HOLD_MILLIS", "0"));
  /** How long the first task is held instead, e.g. to let a backlog build up behind it. */
  private final java.util.concurrent.atomic.AtomicLong firstHoldMillis =
      new java.util.concurrent.atomic.AtomicLong(Long.parseLong(System.getenv().getOrDefault("HOLD_FIRST_MILLIS", "-1")));
  private final String agentId = System.getenv("CHORUS_AGENT_ID");

  @Override
  public String capability() {
    return capability;
  }

  @Override
  public String version() {
    return "1.0.0";
  }

  @Override
  public ObjectNode handle(JsonNode input, TaskContext context) {
    try {
      long first = firstHoldMillis.getAndSet(-1);
      Thread.sleep(first >= 0 ? first : holdMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return JsonNodeFactory.instance.objectNode()
        .put("answeredBy", agentId)
        .put("attempt", context.attempt())
        .set("echo", input);
  }

  public static void main(String[] args) throws InterruptedException {
    HoldingAgent agent = new HoldingAgent();
    AgentRunner runner = AgentRunner.start(agent, AgentSettings.fromEnvironment(agent));
    Runtime.getRuntime().addShutdownHook(new Thread(runner::close));
    Thread.currentThread().join();
  }
}
