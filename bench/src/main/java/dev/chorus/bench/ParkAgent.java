package dev.chorus.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.agent.Agent;
import dev.chorus.agent.TaskContext;
import java.util.concurrent.CountDownLatch;

/**
 * Registers {@link BenchPipeline#PARK_CAPABILITY} so parked runs are routed and dispatched like any
 * other, then holds the one task it takes until released; the rest wait in the stream.
 */
final class ParkAgent implements Agent {

  private final CountDownLatch released = new CountDownLatch(1);

  @Override
  public String capability() {
    return BenchPipeline.PARK_CAPABILITY;
  }

  @Override
  public String version() {
    return "1.0.0";
  }

  @Override
  public ObjectNode handle(JsonNode input, TaskContext context) {
    try {
      released.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return JsonNodeFactory.instance.objectNode();
  }

  /** Lets the held task go, so the runner can shut down at once. */
  void release() {
    released.countDown();
  }
}
