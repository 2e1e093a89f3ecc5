package dev.chorus.protocol;

import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.sync.RedisStreamCommands;

/**
 * Passes on a task whose agent went silent or died: back onto its stream as a new entry, one
 * delivery more, for any live agent to take; or, once delivered {@code maxDeliveries} times without
 * an answer, to the dead letters with its run told at once. The bridge's reclaimer and the
 * registry's lease reaper both hand tasks on through here, so a task is counted the same whichever
 * found it. The caller acknowledges the old entry afterwards.
 */
public final class TaskHandOff {

  /** What became of a task. */
  public enum Outcome {
    HANDED_ON,
    DEAD_LETTERED,
    /** The run stopped waiting for this dispatch (its deadline passed), or the entry was gone. */
    DROPPED
  }

  private final RedisStreamCommands<String, String> redis;
  private final String handedBy;
  private final int maxDeliveries;

  public TaskHandOff(
      RedisStreamCommands<String, String> redis, String handedBy, int maxDeliveries) {
    if (maxDeliveries < 1) {
      throw new IllegalArgumentException("maxDeliveries must be at least 1, was " + maxDeliveries);
    }
    this.redis = redis;
    this.handedBy = handedBy;
    this.maxDeliveries = maxDeliveries;
  }

  public Outcome handOn(String stream, StreamMessage<String, String> message) {
    if (message.getBody() == null || message.getBody().isEmpty()) {
      return Outcome.DROPPED;
    }
    TaskEnvelope task;
    try {
      task = TaskEnvelope.fromFields(message.getBody());
    } catch (MalformedEnvelopeException e) {
      deadLetter(stream, message, e.getMessage(), 1);
      ReplyEnvelope.deadLettered(message.getBody(), handedBy, e.getMessage(), false)
          .ifPresent(
              notice -> redis.xadd(Streams.noticeStream(message.getBody()), notice.toFields()));
      return Outcome.DEAD_LETTERED;
    }
    if (task.expiredAt(System.currentTimeMillis())) {
      return Outcome.DROPPED;
    }
    if (task.delivery() >= maxDeliveries) {
      String reason =
          "delivered "
              + task.delivery()
              + " times and never answered: every agent that took it went silent";
      deadLetter(stream, message, reason, task.delivery());
      // Retryable: the step's own retry policy decides whether another dispatch is worth it.
      redis.xadd(
          task.replyTo(), ReplyEnvelope.deadLettered(task, handedBy, reason, true).toFields());
      return Outcome.DEAD_LETTERED;
    }
    redis.xadd(stream, task.redelivered().toFields());
    return Outcome.HANDED_ON;
  }

  private void deadLetter(
      String stream, StreamMessage<String, String> message, String reason, int deliveries) {
    DeadLetters.add(
        redis,
        DeadLetters.streamFor(stream),
        new DeadLetter(
            null, stream, message.getId(), reason, handedBy, deliveries, message.getBody()));
  }
}
