package dev.chorus.registry;

import dev.chorus.protocol.MalformedEnvelopeException;
import dev.chorus.protocol.RegistryKeys;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry read straight from Redis, its source of truth: a SCAN of the agents' keys and one
 * round trip per agent. An entry that does not validate ({@link RegistryEntry}) is logged and
 * skipped, never routed to.
 */
public class RedisRegistry implements RegistrySource {

  private static final Logger log = LoggerFactory.getLogger(RedisRegistry.class);

  private final RedisCommands<String, String> redis;

  public RedisRegistry(RedisCommands<String, String> redis) {
    this.redis = redis;
  }

  /**
   * The change counter; read before the agents, so a change made while reading shows as a newer
   * version.
   */
  public long version() {
    String value = redis.get(RegistryKeys.VERSION);
    if (value == null) {
      return 0;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      // Anyone who may announce a change may also spoil the counter; the cache then reads anew.
      return -1;
    }
  }

  @Override
  public RegistrySnapshot snapshot() {
    long version = version();
    List<RegisteredAgent> agents = new ArrayList<>();
    for (String key : keys()) {
      Map<String, String> fields = redis.hgetall(key);
      if (fields.isEmpty()) {
        continue; // withdrawn between the two reads
      }
      try {
        agents.add(RegistryEntry.read(key, fields));
      } catch (MalformedEnvelopeException e) {
        log.warn("ignoring registry entry {}: {}", key, e.getMessage());
      }
    }
    return new RegistrySnapshot(version, agents);
  }

  /** Every key of the agents' layout (SCAN may return one twice; each is kept once). */
  Set<String> keys() {
    Set<String> keys = new LinkedHashSet<>();
    ScanCursor cursor = ScanCursor.INITIAL;
    do {
      KeyScanCursor<String> page =
          redis.scan(cursor, ScanArgs.Builder.matches(RegistryKeys.AGENT_PATTERN).limit(1000));
      keys.addAll(page.getKeys());
      cursor = page;
    } while (!cursor.isFinished());
    return keys;
  }
}
