package dev.chorus.dispatch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chorus.pipeline.AgentTask;
import dev.chorus.pipeline.DispatchActivities;
import dev.chorus.protocol.Streams;
import dev.chorus.protocol.TaskEnvelope;
import io.lettuce.core.api.sync.RedisScriptingCommands;
import io.temporal.failure.ApplicationFailure;

/**
 * Dispatch as one XADD of a {@link TaskEnvelope} to the capability's task stream, refused while the
 * capability's backlog is at its limit so that a slow capability's stream cannot grow without bound.
 */
public class RedisDispatchActivities implements DispatchActivities {

  /** Failure type of a dispatch refused for backpressure; retryable, so Temporal backs off and tries again. */
  public static final String BACKPRESSURE = "Backpressure";

  private final BoundedAppend append;
  private final ObjectMapper json;
  private final long maxBacklog;

  public RedisDispatchActivities(RedisScriptingCommands<String, String> redis, ObjectMapper json, long maxBacklog) {
    this.append = new BoundedAppend(redis);
    this.json = json;
    this.maxBacklog = maxBacklog;
  }

  @Override
  public String dispatch(AgentTask task) {
    TaskEnvelope envelope =
        TaskEnvelope.first(
            task.taskId(),
            task.dispatchId(),
            task.workflowId(),
            task.step(),
            task.capability(),
            task.attempt(),
            task.deadlineMillis(),
            toJson(task));
    BoundedAppend.Outcome outcome = append.append(Streams.tasks(task.capability()), envelope.toFields(), maxBacklog);
    if (!outcome.appended()) {
      throw ApplicationFailure.newFailure(
          "capability " + task.capability() + " has " + outcome.backlog() + " tasks waiting (limit " + maxBacklog + ")",
          BACKPRESSURE);
    }
    return outcome.entryId();
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
