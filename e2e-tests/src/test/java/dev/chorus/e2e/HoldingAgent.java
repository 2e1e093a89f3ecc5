package dev.chorus.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.agent.Agent;
import dev.chorus.agent.AgentRunner;
import dev.chorus.agent.AgentSettings;
import dev.chorus.agent.TaskContext;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A test agent that holds each task for {@code HOLD_MILLIS} before answering (0: answers at once),
 * so a test can kill it while it holds one. With {@code RELEASE_KEY} set, it holds its first task
 * until that Redis key exists (read with {@code RELEASE_REDIS_URI}), so a test lets a backlog build
 * up behind it for as long as it takes. It serves {@code CAPABILITY} (default {@value #CAPABILITY})
 * and reports when it took each task ({@value #RECEIVED} and its clock's milliseconds) and each
 * execution ({@value #EXECUTED} and the task id) to the test that started it. Run as its own
 * process: {@code HoldingAgent}.
 */
public class HoldingAgent implements Agent {

  static final String CAPABILITY = "test.hold";
  static final String EXECUTED = "executed ";
  static final String RECEIVED = "received at ";

  private final String capability = System.getenv().getOrDefault("CAPABILITY", CAPABILITY);
  private final long holdMillis = Long.parseLong(System.getenv().getOrDefault("HOLD_MILLIS", "0"));
  private final String releaseKey = System.getenv("RELEASE_KEY");
  private final AtomicBoolean first = new AtomicBoolean(true);
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
    AgentProcess.report(RECEIVED + System.currentTimeMillis());
    try {
      if (releaseKey != null && first.getAndSet(false)) {
        awaitRelease();
      }
      Thread.sleep(holdMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    AgentProcess.report(EXECUTED + context.taskId());
    return JsonNodeFactory.instance
        .objectNode()
        .put("answeredBy", agentId)
        .put("attempt", context.attempt())
        .set("echo", input);
  }

  private void awaitRelease() throws InterruptedException {
    RedisClient client =
        // The test's own channel, not the agent protocol: the agent's credentials reach no such
        // key.
        RedisClient.create(System.getenv("RELEASE_REDIS_URI"));
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      while (connection.sync().exists(releaseKey) == 0) {
        Thread.sleep(20);
      }
    } finally {
      client.shutdown();
    }
  }

  public static void main(String[] args) throws InterruptedException {
    HoldingAgent agent = new HoldingAgent();
    AgentRunner runner = AgentRunner.start(agent, AgentSettings.fromEnvironment(agent));
    Runtime.getRuntime().addShutdownHook(new Thread(runner::close));
    Thread.currentThread().join();
  }
}
