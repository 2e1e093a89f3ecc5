package dev.chorus.protocol;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.Range;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.api.sync.RedisStreamCommands;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Dead-letter streams: entries that could not be processed are kept here with the reason instead of
 * being dropped, and operators list, re-drive or discard them.
 */
public final class DeadLetters {

  private final RedisCommands<String, String> redis;
  private final DispatchTokens tokens;

  /** Dead letters whose re-driven tasks keep their tokens as they were. */
  public DeadLetters(RedisCommands<String, String> redis) {
    this(redis, null);
  }

  /** Dead letters whose re-driven tasks get their genuine tokens renewed for the fresh deadline. */
  public DeadLetters(RedisCommands<String, String> redis, DispatchTokens tokens) {
    this.redis = redis;
    this.tokens = tokens;
  }

  /** Keeps {@code letter} in {@code deadStream}; returns its id there. */
  public static String add(
      RedisStreamCommands<String, String> redis, String deadStream, DeadLetter letter) {
    return redis.xadd(deadStream, letter.toFields());
  }

  /** The dead-letter stream a task or reply from {@code stream} goes to. */
  public static String streamFor(String stream) {
    String capability = Streams.capabilityOf(stream);
    return capability == null ? Streams.DEAD_REPLIES : Streams.deadTasks(capability);
  }

  /** Every dead-letter stream with its length, by name. */
  public Map<String, Long> counts() {
    Map<String, Long> counts = new TreeMap<>();
    ScanCursor cursor = ScanCursor.INITIAL;
    do {
      KeyScanCursor<String> page =
          redis.scan(cursor, ScanArgs.Builder.matches("chorus:dead-letters:*").limit(500));
      page.getKeys().forEach(key -> counts.put(key, redis.xlen(key)));
      cursor = page;
    } while (!cursor.isFinished());
    return counts;
  }

  public List<DeadLetter> list(String deadStream, int limit) {
    return redis
        .xrange(deadStream, Range.create("-", "+"), io.lettuce.core.Limit.from(limit))
        .stream()
        .map(m -> DeadLetter.fromFields(m.getId(), m.getBody()))
        .toList();
  }

  /**
   * Puts the entry back on the stream it came from as a first delivery and removes it from the dead
   * letters. A task gets a fresh deadline, {@code deadline} from now: its run decides whether it
   * still wants the answer. Returns the new entry's id, or empty when there is no such dead letter.
   *
   * @throws RedriveRefusedException when the entry names a stream its dead-letter stream may not
   *     send to ({@link #redriveTarget})
   */
  public Optional<String> redrive(String deadStream, String id, Duration deadline) {
    List<StreamMessage<String, String>> found = redis.xrange(deadStream, Range.create(id, id));
    if (found.isEmpty()) {
      return Optional.empty();
    }
    DeadLetter letter = DeadLetter.fromFields(id, found.get(0).getBody());
    String target = redriveTarget(deadStream, letter);
    Map<String, String> fields = new java.util.LinkedHashMap<>(letter.fields());
    if (Streams.capabilityOf(target) != null) {
      long fresh = System.currentTimeMillis() + deadline.toMillis();
      fields.put("delivery", "1");
      fields.put("deadline", Long.toString(fresh));
      renewToken(fields, fresh);
    }
    String newId = redis.xadd(target, fields);
    redis.xdel(deadStream, id);
    return Optional.of(newId);
  }

  /**
   * Only a token Chorus signed for exactly this dispatch is renewed: a planted dead letter gets no
   * token it did not already have, so its answer is refused like any forged reply.
   */
  private void renewToken(Map<String, String> fields, long deadlineMillis) {
    if (tokens != null) {
      tokens
          .renewed(
              fields.get("token"),
              fields.get("dispatchId"),
              fields.get("taskId"),
              fields.get("workflowId"),
              deadlineMillis)
          .ifPresent(token -> fields.put("token", token));
    }
  }

  /**
   * Where a dead letter may go back to, decided by the dead-letter stream, never by the entry
   * alone: a task of {@code chorus:dead-letters:tasks:<capability>} only to a task stream of that
   * capability ({@code chorus:tasks:<capability>:v<major>}, the major as the entry names it), a
   * reply only to {@link Streams#REPLIES}. Anyone who could write a dead letter could otherwise
   * make a re-drive write into any stream.
   */
  static String redriveTarget(String deadStream, DeadLetter letter) {
    if (Streams.DEAD_REPLIES.equals(deadStream)) {
      return Streams.REPLIES;
    }
    if (deadStream.startsWith(Streams.DEAD_TASKS_PREFIX)) {
      String capability = deadStream.substring(Streams.DEAD_TASKS_PREFIX.length());
      String stream = letter.stream();
      String majors = Streams.TASKS_PREFIX + capability + ":v";
      if (stream != null
          && stream.startsWith(majors)
          && stream.substring(majors.length()).matches("(0|[1-9][0-9]{0,8})")) {
        return stream;
      }
      throw new RedriveRefusedException(
          "dead letter "
              + letter.id()
              + " of "
              + deadStream
              + " names stream '"
              + stream
              + "', which is not a task stream of "
              + capability
              + "; it is left where it is");
    }
    throw new RedriveRefusedException(deadStream + " is not a dead-letter stream");
  }

  /**
   * Re-drives every entry of {@code deadStream} that may be; returns how many. Entries refused
   * ({@link #redriveTarget}) stay.
   */
  public int redriveAll(String deadStream, Duration deadline) {
    int count = 0;
    for (DeadLetter letter : list(deadStream, Integer.MAX_VALUE)) {
      try {
        count += redrive(deadStream, letter.id(), deadline).isPresent() ? 1 : 0;
      } catch (RedriveRefusedException refused) {
        // Counted out: the operator sees it still listed, and re-driving it alone says why.
      }
    }
    return count;
  }

  /** A dead letter whose re-drive would write somewhere it must not. */
  public static final class RedriveRefusedException extends IllegalArgumentException {
    RedriveRefusedException(String message) {
      super(message);
    }
  }

  public boolean discard(String deadStream, String id) {
    return redis.xdel(deadStream, id) > 0;
  }

  public long discardAll(String deadStream) {
    long length = redis.xlen(deadStream);
    redis.del(deadStream);
    return length;
  }
}
