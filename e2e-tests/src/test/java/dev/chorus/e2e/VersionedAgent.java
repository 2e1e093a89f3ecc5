package dev.chorus.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.agent.Agent;
import dev.chorus.agent.AgentException;
import dev.chorus.agent.AgentRunner;
import dev.chorus.agent.AgentSettings;
import dev.chorus.agent.TaskContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * A test agent of any capability and version ({@code AGENT_CAPABILITY}, {@code AGENT_VERSION}) that
 * answers who it is. With {@code HOLD_FIRST_ATTEMPT=true} it holds every first attempt until it
 * reads {@code release} on its standard input and then fails it retryably, so a test decides when
 * the run dispatches again; it drains when it reads {@code drain}.
 */
public class VersionedAgent implements Agent {

  private final String capability = System.getenv("AGENT_CAPABILITY");
  private final String version = System.getenv("AGENT_VERSION");
  private final boolean holdFirstAttempt =
      Boolean.parseBoolean(System.getenv("HOLD_FIRST_ATTEMPT"));
  private final String agentId = System.getenv("CHORUS_AGENT_ID");
  private final CountDownLatch released = new CountDownLatch(1);

  @Override
  public String capability() {
    return capability;
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public ObjectNode handle(JsonNode input, TaskContext context) throws AgentException {
    if (context.attempt() == 1 && holdFirstAttempt) {
      try {
        released.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw AgentException.retryable("released by the test");
    }
    return JsonNodeFactory.instance
        .objectNode()
        .put("answeredBy", agentId)
        .put("version", version)
        .put("attempt", context.attempt());
  }

  public static void main(String[] args) throws IOException, InterruptedException {
    VersionedAgent agent = new VersionedAgent();
    AgentRunner runner = AgentRunner.start(agent, AgentSettings.fromEnvironment(agent));
    Runtime.getRuntime().addShutdownHook(new Thread(runner::close));
    BufferedReader commands =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = commands.readLine(); line != null; line = commands.readLine()) {
      if (line.equals("drain")) {
        runner.drain();
      } else if (line.equals("release")) {
        agent.released.countDown();
      }
    }
    Thread.currentThread().join();
  }
}
