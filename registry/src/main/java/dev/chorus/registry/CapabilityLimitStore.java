package dev.chorus.registry;

import dev.chorus.protocol.Capabilities;
import io.lettuce.core.api.sync.RedisHashCommands;
import java.util.Map;
import java.util.TreeMap;

/**
 * The capabilities' limits, in one Redis hash ({@value #KEY}: capability to {@code <rate> <burst>
 * <maxInFlight>}), where the dispatch script reads them at every dispatch: a change applies to the
 * next dispatch of every worker, with nothing to reload.
 */
public final class CapabilityLimitStore {

  /** The hash of every capability's limits. */
  public static final String KEY = "chorus:capability-limits";

  /**
   * The hash of capabilities paused by their agents (capability to the epoch millisecond the pause
   * ends), read by the dispatch script beside the limits.
   */
  public static final String PAUSES = "chorus:capability-pauses";

  private static final String BUCKET_PREFIX = "chorus:capability-buckets:";

  private final RedisHashCommands<String, String> redis;

  public CapabilityLimitStore(RedisHashCommands<String, String> redis) {
    this.redis = redis;
  }

  /**
   * The token bucket of a capability's rate: its tokens and when they were counted, written by the
   * dispatch script alone.
   */
  public static String bucket(String capability) {
    return BUCKET_PREFIX + Capabilities.requireValidName(capability);
  }

  /** The capability's limits; {@link CapabilityLimits#NONE} when none are set. */
  public CapabilityLimits get(String capability) {
    String encoded = redis.hget(KEY, Capabilities.requireValidName(capability));
    return encoded == null ? CapabilityLimits.NONE : CapabilityLimits.decode(encoded);
  }

  /** Sets the capability's limits; setting none removes them. */
  public void set(String capability, CapabilityLimits limits) {
    Capabilities.requireValidName(capability);
    if (limits.none()) {
      redis.hdel(KEY, capability);
    } else {
      redis.hset(KEY, capability, limits.encoded());
    }
  }

  /** When the capability's pause ends, in epoch milliseconds; 0 when it was never paused. */
  public long pausedUntil(String capability) {
    String until = redis.hget(PAUSES, Capabilities.requireValidName(capability));
    return until == null ? 0 : Long.parseLong(until);
  }

  /** Every capability with limits, by name. */
  public Map<String, CapabilityLimits> all() {
    Map<String, CapabilityLimits> all = new TreeMap<>();
    redis.hgetall(KEY).forEach((name, encoded) -> all.put(name, CapabilityLimits.decode(encoded)));
    return all;
  }
}
