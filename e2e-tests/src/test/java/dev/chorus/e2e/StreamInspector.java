package dev.chorus.e2e;

import dev.chorus.protocol.StreamGroups;
import dev.chorus.protocol.StreamIds;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.models.stream.PendingMessage;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What Redis says about the streams a run used: its entries, the groups' progress, what is pending.
 */
final class StreamInspector {

  private final RedisCommands<String, String> redis;

  StreamInspector(RedisCommands<String, String> redis) {
    this.redis = redis;
  }

  /** Entries of {@code stream} written for the run {@code workflowId}. */
  List<StreamMessage<String, String>> entriesOf(String stream, String workflowId) {
    return entriesOf(stream, workflowId, "workflowId");
  }

  /** Entries of {@code stream} whose {@code field} names the run {@code workflowId}. */
  List<StreamMessage<String, String>> entriesOf(String stream, String workflowId, String field) {
    return redis.xrange(stream, Range.create("-", "+")).stream()
        .filter(m -> workflowId.equals(m.getBody().get(field)))
        .toList();
  }

  /** XINFO GROUPS of {@code stream}, for {@code group}, as field → value. */
  Map<String, Object> group(String stream, String group) {
    return StreamGroups.info(redis, stream, group)
        .orElseThrow(
            () -> new AssertionError("stream " + stream + " has no consumer group " + group));
  }

  /** Ids among {@code ids} still pending (delivered, not acknowledged) in {@code group}. */
  Set<String> pending(String stream, String group, Set<String> ids) {
    return redis.xpending(stream, group, Range.create("-", "+"), Limit.from(10_000)).stream()
        .map(PendingMessage::getId)
        .filter(ids::contains)
        .collect(Collectors.toSet());
  }

  /** Entries of {@code stream} pending for one consumer. */
  long pendingFor(String stream, String group, String consumer) {
    return redis.xpending(stream, group, Range.create("-", "+"), Limit.from(10_000)).stream()
        .filter(p -> consumer.equals(p.getConsumer()))
        .count();
  }

  /** True when the group's last delivered id is at or after {@code id}: the group has read it. */
  static boolean delivered(Map<String, Object> group, String id) {
    return StreamIds.compare(String.valueOf(group.get("last-delivered-id")), id) >= 0;
  }
}
