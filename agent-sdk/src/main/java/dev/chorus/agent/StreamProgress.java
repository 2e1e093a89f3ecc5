package dev.chorus.agent;

import dev.chorus.protocol.ProgressEnvelope;
import dev.chorus.protocol.Streams;
import dev.chorus.protocol.TaskEnvelope;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.sync.RedisStreamCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task's progress as entries of {@link Streams#PROGRESS}, each carrying the task's ids and token
 * so the bridge relays it to the task's run. Best effort: an entry Redis refuses (it is away, or
 * the agent's credentials predate progress and it answers NOPERM) is logged and the work goes on,
 * as progress never decides anything.
 */
final class StreamProgress implements TaskContext.Progress {

  private static final Logger log = LoggerFactory.getLogger(StreamProgress.class);

  private final RedisStreamCommands<String, String> redis;
  private final TaskEnvelope task;
  private final String agentId;

  StreamProgress(RedisStreamCommands<String, String> redis, TaskEnvelope task, String agentId) {
    this.redis = redis;
    this.task = task;
    this.agentId = agentId;
  }

  @Override
  public void progress(Double fraction, String message) {
    write(ProgressEnvelope.progress(task, agentId, fraction, message));
  }

  @Override
  public void emit(String chunk) {
    write(ProgressEnvelope.output(task, agentId, chunk));
  }

  private void write(ProgressEnvelope entry) {
    try {
      redis.xadd(Streams.PROGRESS, entry.toFields());
    } catch (RedisException e) {
      log.warn("progress of task {} not written: {}", task.taskId(), e.getMessage());
    }
  }
}
