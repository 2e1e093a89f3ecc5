package dev.chorus.e2e;

import dev.chorus.agent.PushServer;
import dev.chorus.agent.PushSettings;
import java.time.Duration;

/**
 * An {@link EchoAgent} served over HTTP, as its own process: {@code HttpEchoAgent <capability>}
 * with {@code PORT} and {@code CONCURRENCY} in the environment. It uses no Redis; the push role
 * delivers its tasks.
 */
public final class HttpEchoAgent {

  private HttpEchoAgent() {}

  public static void main(String[] args) throws InterruptedException {
    String capability = args[0];
    PushServer server =
        PushServer.start(
            new EchoAgent(capability),
            new PushSettings(
                "127.0.0.1",
                Integer.parseInt(System.getenv("PORT")),
                System.getenv("CHORUS_AGENT_ID"),
                Integer.parseInt(System.getenv("CONCURRENCY")),
                Duration.ofSeconds(5)));
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    Thread.currentThread().join();
  }
}
