package dev.chorus.protocol;

import io.lettuce.core.api.sync.RedisStreamCommands;
import java.util.LinkedHashMap;
import java.util.Map;

/** Keeps an entry that cannot be processed, with why, so that nothing accepted is silently lost. */
public final class DeadLetters {

  private DeadLetters() {}

  /**
   * Copies {@code fields} of entry {@code entryId} from {@code stream} to {@link Streams#DEAD_LETTERS}
   * with the reason and who rejected it.
   */
  public static String add(
      RedisStreamCommands<String, String> redis,
      String stream,
      String entryId,
      Map<String, String> fields,
      String reason,
      String rejectedBy) {
    Map<String, String> letter = new LinkedHashMap<>();
    letter.put("stream", stream);
    letter.put("entryId", entryId);
    letter.put("reason", reason);
    letter.put("rejectedBy", rejectedBy);
    fields.forEach((name, value) -> letter.put("field." + name, value));
    return redis.xadd(Streams.DEAD_LETTERS, letter);
  }
}
