package dev.chorus.dispatch;

import dev.chorus.protocol.Streams;
import dev.chorus.registry.CapabilityLimitStore;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisScriptingCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * XADD to a task stream, refused while the stream's backlog (entries no agent has read yet plus
 * entries in agents' hands) is at its limit (the worker's, or the capability's own {@code
 * maxInFlight} when lower), while the capability's rate is spent ({@link CapabilityLimits}), or
 * while its agents have paused it. Checks and append run as one Lua script: atomic across every
 * worker, and one round trip.
 */
final class BoundedAppend {

  /**
   * What came of one append: the entry id; or the backlog and the limit that refused it; or, when
   * the rate or a pause refused it, how long until a task may go.
   */
  record Outcome(String entryId, long backlog, long limit, long waitMillis, boolean paused) {

    boolean appended() {
      return entryId != null;
    }

    boolean rateLimited() {
      return waitMillis > 0 && !paused;
    }
  }

  private static final String SCRIPT = load();

  private final RedisScriptingCommands<String, String> redis;
  private String sha;

  BoundedAppend(RedisScriptingCommands<String, String> redis) {
    this.redis = redis;
  }

  Outcome append(String stream, String capability, Map<String, String> fields, long limit) {
    List<String> args =
        new ArrayList<>(List.of(Long.toString(limit), Streams.AGENT_GROUP, capability));
    fields.forEach(
        (name, value) -> {
          args.add(name);
          args.add(value);
        });
    List<Object> result =
        run(
            new String[] {
              stream,
              CapabilityLimitStore.KEY,
              CapabilityLimitStore.bucket(capability),
              CapabilityLimitStore.PAUSES
            },
            args.toArray(String[]::new));
    return switch ((int) number(result, 0)) {
      case 1 -> new Outcome(String.valueOf(result.get(1)), 0, 0, 0, false);
      case 2 -> new Outcome(null, 0, 0, Math.max(1, number(result, 1)), false);
      case 3 -> new Outcome(null, 0, 0, Math.max(1, number(result, 1)), true);
      default -> new Outcome(null, number(result, 1), number(result, 2), 0, false);
    };
  }

  private static long number(List<Object> result, int index) {
    return ((Number) result.get(index)).longValue();
  }

  private List<Object> run(String[] keys, String[] args) {
    if (sha == null) {
      sha = redis.scriptLoad(SCRIPT);
    }
    try {
      return redis.evalsha(sha, ScriptOutputType.MULTI, keys, args);
    } catch (io.lettuce.core.RedisNoScriptException flushed) {
      // The script cache is gone after a Redis restart: load it again.
      sha = redis.scriptLoad(SCRIPT);
      return redis.evalsha(sha, ScriptOutputType.MULTI, keys, args);
    }
  }

  private static String load() {
    try (InputStream in = BoundedAppend.class.getResourceAsStream("dispatch.lua")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
