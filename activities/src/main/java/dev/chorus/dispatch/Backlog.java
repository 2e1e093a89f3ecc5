package dev.chorus.dispatch;

import dev.chorus.protocol.StreamGroups;
import dev.chorus.protocol.Streams;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.api.sync.RedisStreamCommands;
import java.util.Map;
import java.util.Optional;

/** How much work waits on a capability's stream: entries not yet read by any agent plus those in hand. */
final class Backlog {

  private Backlog() {}

  /**
   * The backlog of {@code stream}, counted exactly up to {@code limit}: beyond it the answer is only
   * "at least limit", which is all backpressure needs.
   */
  static long of(RedisStreamCommands<String, String> redis, String stream, long limit) {
    Optional<Map<String, Object>> group = StreamGroups.info(redis, stream, Streams.AGENT_GROUP);
    if (group.isEmpty()) {
      // No agent has joined yet: every entry waits.
      return redis.xlen(stream);
    }
    long pending = ((Number) group.get().get("pending")).longValue();
    Object lag = group.get().get("lag");
    if (lag instanceof Number known) {
      return known.longValue() + pending;
    }
    // Redis cannot tell the lag after entries were deleted in the unread range; count them instead.
    String lastDelivered = String.valueOf(group.get().get("last-delivered-id"));
    long unread = redis.xrange(stream, Range.from(Range.Boundary.excluding(lastDelivered), Range.Boundary.unbounded()),
        Limit.from(limit + 1)).size();
    return unread + pending;
  }
}
