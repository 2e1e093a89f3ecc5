package dev.chorus.dispatch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chorus.pipeline.AgentTask;
import dev.chorus.pipeline.DispatchActivities;
import dev.chorus.protocol.Streams;
import dev.chorus.protocol.TaskEnvelope;
import io.lettuce.core.api.sync.RedisStreamCommands;
import io.temporal.failure.ApplicationFailure;

/** Dispatch as one XADD of a {@link TaskEnvelope} to the capability's task stream. */
public class RedisDispatchActivities implements DispatchActivities {

  private final RedisStreamCommands<String, String> redis;
  private final ObjectMapper json;

  public RedisDispatchActivities(RedisStreamCommands<String, String> redis, ObjectMapper json) {
    this.redis = redis;
    this.json = json;
  }

  @Override
  public String dispatch(AgentTask task) {
    TaskEnvelope envelope =
        new TaskEnvelope(
            task.taskId(),
            task.dispatchId(),
            task.workflowId(),
            task.step(),
            task.capability(),
            task.attempt(),
            task.deadlineMillis(),
            toJson(task));
    return redis.xadd(Streams.tasks(task.capability()), envelope.toFields());
  }

  private String toJson(AgentTask task) {
    try {
      return json.writeValueAsString(task.input());
    } catch (JsonProcessingException e) {
      // Retrying cannot make an unserialisable input serialisable.
      throw ApplicationFailure.newNonRetryableFailure(
          "input of step '" + task.step() + "' is not JSON: " + e.getMessage(), "BadInput");
    }
  }
}
