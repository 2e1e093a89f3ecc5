package dev.chorus.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.agent.Agent;
import dev.chorus.agent.TaskContext;

/** Does nothing but say when it ran, so the benchmark measures the wire and the engine alone. */
final class NoopAgent implements Agent {

  @Override
  public String capability() {
    return BenchPipeline.NOOP_CAPABILITY;
  }

  @Override
  public String version() {
    return "1.0.0";
  }

  @Override
  public ObjectNode handle(JsonNode input, TaskContext context) {
    return JsonNodeFactory.instance.objectNode().put(BenchPipeline.RAN_AT, System.nanoTime());
  }
}
