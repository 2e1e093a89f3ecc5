package dev.chorus.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * An agent: one capability, one method. {@link AgentRunner} takes care of the wire.
 *
 * <p>A task can be delivered more than once (at-least-once delivery); {@link TaskContext#taskId()}
 * is the same on every delivery of one step, so an agent with side effects can use it to do them
 * once.
 */
public interface Agent {

  /** The capability served, e.g. {@code text.keywords}. */
  String capability();

  /** The semantic version of this implementation, e.g. {@code 1.0.0}. */
  String version();

  /**
   * The JSON Schema of the input this agent takes, as JSON text, published in its registration so
   * that Chorus can check pipelines' input mappings against it; see {@link AgentSchemas} to
   * generate one from a type or read one from the classpath. Empty (the default): none published.
   */
  default Optional<String> inputSchema() {
    return Optional.empty();
  }

  /**
   * The JSON Schema of the output this agent answers, as for {@link #inputSchema()}; Chorus checks
   * later steps' references into this agent's output against it.
   */
  default Optional<String> outputSchema() {
    return Optional.empty();
  }

  /**
   * Does the work.
   *
   * @param input the task's input, a JSON object
   * @return the output, a JSON object
   * @throws AgentException when the work failed; {@link AgentException#retryable()} says whether
   *     another attempt could succeed
   */
  ObjectNode handle(JsonNode input, TaskContext context) throws AgentException;
}
