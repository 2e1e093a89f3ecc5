package dev.chorus.bridge;

import dev.chorus.protocol.StreamGroups;
import dev.chorus.protocol.StreamIds;
import dev.chorus.protocol.Streams;
import io.lettuce.core.RedisException;
import io.lettuce.core.XTrimArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the task, reply, progress and event streams from growing without bound, removing only
 * entries that every consumer group has read and acknowledged: everything below the oldest pending
 * entry and the least-advanced group's last delivered id. A task or reply stream nobody reads yet
 * is left whole; the events stream, which may have no subscriber at all, then keeps its newest
 * {@code eventsRetention} entries.
 */
public class StreamTrimmer implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(StreamTrimmer.class);

  private final RedisCommands<String, String> redis;
  private final long eventsRetention;

  public StreamTrimmer(RedisCommands<String, String> redis, long eventsRetention) {
    this.redis = redis;
    this.eventsRetention = eventsRetention;
  }

  @Override
  public void run() {
    try {
      List<String> streams = new ArrayList<>(TaskStreams.all(redis));
      streams.add(Streams.REPLIES);
      streams.add(Streams.EVENTS);
      streams.add(Streams.PROGRESS);
      streams.forEach(this::trim);
    } catch (RedisException e) {
      log.warn("trimming streams failed, will retry: {}", e.getMessage());
    }
  }

  /** Trims one stream; returns how many entries went. */
  public long trim(String stream) {
    if (redis.exists(stream) == 0) {
      return 0;
    }
    String keepFrom = null;
    for (Map<String, Object> group : StreamGroups.info(redis, stream)) {
      String name = String.valueOf(group.get("name"));
      long pending = ((Number) group.get("pending")).longValue();
      String floor =
          pending > 0
              ? redis.xpending(stream, name).getMessageIds().getLower().getValue()
              : StreamIds.next(String.valueOf(group.get("last-delivered-id")));
      keepFrom = keepFrom == null || StreamIds.compare(floor, keepFrom) < 0 ? floor : keepFrom;
    }
    if (keepFrom == null) {
      return stream.equals(Streams.EVENTS)
          ? redis.xtrim(stream, new XTrimArgs().maxlen(eventsRetention).approximateTrimming())
          : 0;
    }
    return redis.xtrim(stream, new XTrimArgs().minId(keepFrom).exactTrimming());
  }
}
