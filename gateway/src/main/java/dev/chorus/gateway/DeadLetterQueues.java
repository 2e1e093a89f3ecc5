package dev.chorus.gateway;

import dev.chorus.protocol.Capabilities;
import dev.chorus.protocol.DeadLetter;
import dev.chorus.protocol.DeadLetters;
import dev.chorus.protocol.Streams;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Dead letters as operators address them: by queue, which is a capability's name for its tasks, or
 * {@code replies} for replies.
 */
public class DeadLetterQueues {

  /** A queue and its length. */
  public record Queue(String queue, String stream, long count) {}

  private final DeadLetters deadLetters;
  private final Duration redriveDeadline;

  public DeadLetterQueues(DeadLetters deadLetters, Duration redriveDeadline) {
    this.deadLetters = deadLetters;
    this.redriveDeadline = redriveDeadline;
  }

  public List<Queue> queues() {
    return deadLetters.counts().entrySet().stream()
        .map(e -> new Queue(queueOf(e.getKey()), e.getKey(), e.getValue()))
        .toList();
  }

  public List<DeadLetter> list(String queue, int limit) {
    return deadLetters.list(stream(queue), limit);
  }

  public Optional<String> redrive(String queue, String id) {
    try {
      return deadLetters.redrive(stream(queue), requireEntryId(id), redriveDeadline);
    } catch (DeadLetters.RedriveRefusedException e) {
      throw new ConflictException(e.getMessage());
    }
  }

  public int redriveAll(String queue) {
    return deadLetters.redriveAll(stream(queue), redriveDeadline);
  }

  public boolean discard(String queue, String id) {
    return deadLetters.discard(stream(queue), requireEntryId(id));
  }

  public long discardAll(String queue) {
    return deadLetters.discardAll(stream(queue));
  }

  static String stream(String queue) {
    if (Capabilities.RESERVED.equals(queue)) {
      return Streams.DEAD_REPLIES;
    }
    try {
      return Streams.deadTasks(queue);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(
          "queue", "must be 'replies' or a capability name: " + e.getMessage());
    }
  }

  private static String queueOf(String stream) {
    return stream.equals(Streams.DEAD_REPLIES)
        ? Capabilities.RESERVED
        : stream.substring(Streams.DEAD_TASKS_PREFIX.length());
  }

  /** Both halves of a stream id are unsigned 64-bit numbers; Redis refuses anything larger. */
  private static String requireEntryId(String id) {
    if (id == null || !id.matches("[0-9]{1,20}-[0-9]{1,20}")) {
      throw new InvalidRequestException(
          "id", "must be a stream entry id like 1700000000000-0 but was '" + id + "'");
    }
    try {
      for (String half : id.split("-")) {
        Long.parseUnsignedLong(half);
      }
    } catch (NumberFormatException e) {
      throw new InvalidRequestException(
          "id",
          "each half of a stream entry id must be at most 18446744073709551615 but was '"
              + id
              + "'");
    }
    return id;
  }
}
