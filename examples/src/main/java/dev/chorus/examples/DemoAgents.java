package dev.chorus.examples;

import dev.chorus.agent.Agent;
import dev.chorus.agent.AgentRunner;
import dev.chorus.agent.AgentSettings;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/** Runs one demo agent as its own process: {@code java -jar chorus-examples.jar keywords}. */
public final class DemoAgents {

  static final Map<String, Supplier<Agent>> AGENTS =
      Map.of(
          "keywords",
          KeywordsAgent::new,
          "summary",
          SummaryAgent::new,
          "sentiment",
          SentimentAgent::new);

  private DemoAgents() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length != 1 || !AGENTS.containsKey(args[0])) {
      System.err.println("usage: DemoAgents <" + String.join("|", AGENTS.keySet()) + ">");
      System.exit(2);
    }
    Agent agent = AGENTS.get(args[0]).get();
    AgentRunner runner = AgentRunner.start(agent, AgentSettings.fromEnvironment(agent));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  runner.close();
                  stopped.countDown();
                }));
    stopped.await();
  }
}
