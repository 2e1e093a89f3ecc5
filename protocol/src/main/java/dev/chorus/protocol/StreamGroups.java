package dev.chorus.protocol;

import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.sync.RedisStreamCommands;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Consumer-group set-up shared by every reader of a Chorus stream. */
public final class StreamGroups {

  private StreamGroups() {}

  /**
   * Creates {@code group} on {@code stream} unless it exists. The group starts at the beginning of
   * the stream, not at its end, so entries written before the first reader came up are still read.
   */
  public static void ensure(
      RedisStreamCommands<String, String> redis, String stream, String group) {
    try {
      redis.xgroupCreate(
          StreamOffset.from(stream, "0"), group, XGroupCreateArgs.Builder.mkstream());
    } catch (RedisBusyException alreadyExists) {
      // BUSYGROUP: another reader created it first, which is what we wanted.
    }
  }

  /**
   * Whether Redis answered NOGROUP: the stream or its group is gone (deleted, or Redis came back
   * without its data), and reading again will not help until the group is created anew.
   */
  public static boolean noGroup(RedisException e) {
    return e instanceof RedisCommandExecutionException
        && e.getMessage() != null
        && e.getMessage().startsWith("NOGROUP");
  }

  /**
   * XINFO GROUPS of {@code stream}, each group as field → value ({@code name}, {@code pending},
   * {@code lag}, …).
   */
  public static List<Map<String, Object>> info(
      RedisStreamCommands<String, String> redis, String stream) {
    List<Map<String, Object>> groups = new ArrayList<>();
    for (Object entry : redis.xinfoGroups(stream)) {
      List<?> list = (List<?>) entry;
      Map<String, Object> fields = new HashMap<>();
      for (int i = 0; i + 1 < list.size(); i += 2) {
        fields.put(String.valueOf(list.get(i)), list.get(i + 1));
      }
      groups.add(fields);
    }
    return groups;
  }

  /** One group of {@link #info}, if it exists. */
  public static Optional<Map<String, Object>> info(
      RedisStreamCommands<String, String> redis, String stream, String group) {
    return info(redis, stream).stream().filter(g -> group.equals(g.get("name"))).findFirst();
  }
}
