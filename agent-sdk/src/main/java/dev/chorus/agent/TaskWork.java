package dev.chorus.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.protocol.ReplyEnvelope;
import dev.chorus.protocol.TaskEnvelope;

/** Turns one task into its reply by calling the agent; every failure becomes an error reply. */
final class TaskWork {

  private final Agent agent;
  private final String agentId;
  private final ObjectMapper json;

  TaskWork(Agent agent, String agentId, ObjectMapper json) {
    this.agent = agent;
    this.agentId = agentId;
    this.json = json;
  }

  ReplyEnvelope perform(TaskEnvelope task) {
    JsonNode input;
    try {
      input = json.readTree(task.input());
    } catch (JsonProcessingException e) {
      return ReplyEnvelope.failure(task, agentId, "task input is not JSON: " + e.getOriginalMessage(), false);
    }
    if (!input.isObject()) {
      return ReplyEnvelope.failure(task, agentId, "task input must be a JSON object", false);
    }
    try {
      ObjectNode output = agent.handle(input, new TaskContext(task.taskId(), task.workflowId(), task.step(), task.attempt()));
      if (output == null) {
        return ReplyEnvelope.failure(task, agentId, "agent returned no output", false);
      }
      return ReplyEnvelope.success(task, agentId, json.writeValueAsString(output));
    } catch (AgentException e) {
      return ReplyEnvelope.failure(task, agentId, e.getMessage(), e.retryable());
    } catch (JsonProcessingException e) {
      return ReplyEnvelope.failure(task, agentId, "output is not serialisable: " + e.getOriginalMessage(), false);
    } catch (RuntimeException e) {
      // An unexpected exception may be a passing fault; the step's attempt limit bounds the retries.
      return ReplyEnvelope.failure(task, agentId, e.getClass().getSimpleName() + ": " + e.getMessage(), true);
    }
  }
}
