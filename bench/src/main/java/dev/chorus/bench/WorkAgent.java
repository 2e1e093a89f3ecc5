package dev.chorus.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.agent.Agent;
import dev.chorus.agent.AgentException;
import dev.chorus.agent.AgentRunner;
import dev.chorus.agent.AgentSettings;
import dev.chorus.agent.PushServer;
import dev.chorus.agent.PushSettings;
import dev.chorus.agent.TaskContext;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The scaling experiment's agent of {@link BenchPipeline#WORK_CAPABILITY}: each task takes {@code
 * WORK_MILLIS} of waiting, like a call to a remote model, and no CPU. Run as its own process, as
 * {@code work-agent pull} (the SDK's runner, on Redis) or {@code work-agent push} (the SDK's HTTP
 * server on {@code PORT}, for the push deliverer), so that starting one costs what starting an
 * agent costs.
 */
final class WorkAgent implements Agent {

  private final Duration work;

  WorkAgent(Duration work) {
    this.work = work;
  }

  @Override
  public String capability() {
    return BenchPipeline.WORK_CAPABILITY;
  }

  @Override
  public String version() {
    return "1.0.0";
  }

  @Override
  public ObjectNode handle(JsonNode input, TaskContext context) throws AgentException {
    try {
      Thread.sleep(work.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw AgentException.retryable("stopped before the work was done");
    }
    return JsonNodeFactory.instance.objectNode().put(BenchPipeline.RAN_AT, System.nanoTime());
  }

  static void main(String mode) throws InterruptedException {
    WorkAgent agent =
        new WorkAgent(Duration.ofMillis(Long.parseLong(System.getenv("WORK_MILLIS"))));
    AutoCloseable running =
        switch (mode) {
          case "pull" -> AgentRunner.start(agent, AgentSettings.fromEnvironment(agent));
          case "push" ->
              PushServer.start(
                  agent,
                  new PushSettings(
                      "127.0.0.1",
                      Integer.parseInt(System.getenv("PORT")),
                      System.getenv("CHORUS_AGENT_ID"),
                      Integer.parseInt(System.getenv("CHORUS_AGENT_CONCURRENCY")),
                      Duration.ofSeconds(5)));
          default -> throw new IllegalArgumentException("work-agent mode must be pull or push");
        };
    CountDownLatch stopped = new CountDownLatch(1);
    // SIGTERM, as a scale-in sends it: the runner drains what it holds before the process ends.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    running.close();
                  } catch (Exception e) {
                    e.printStackTrace();
                  }
                  stopped.countDown();
                }));
    stopped.await();
  }
}
