package dev.chorus.protocol;

import io.lettuce.core.RedisBusyException;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.sync.RedisStreamCommands;

/** Consumer-group set-up shared by every reader of a Chorus stream. */
public final class StreamGroups {

  private StreamGroups() {}

  /**
   * Creates {@code group} on {@code stream} unless it exists. The group starts at the beginning of
   * the stream, not at its end, so entries written before the first reader came up are still read.
   */
  public static void ensure(RedisStreamCommands<String, String> redis, String stream, String group) {
    try {
      redis.xgroupCreate(StreamOffset.from(stream, "0"), group, XGroupCreateArgs.Builder.mkstream());
    } catch (RedisBusyException alreadyExists) {
      // BUSYGROUP: another reader created it first, which is what we wanted.
    }
  }
}
