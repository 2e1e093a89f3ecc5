package dev.chorus.dispatch;

import dev.chorus.protocol.Streams;
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
 * entries in agents' hands) is at its limit. Check and append run as one Lua script: atomic, and
 * one round trip.
 */
final class BoundedAppend {

  /** What came of one append: the entry id, or the backlog that refused it. */
  record Outcome(boolean appended, String entryId, long backlog) {}

  private static final String SCRIPT = load();

  private final RedisScriptingCommands<String, String> redis;
  private String sha;

  BoundedAppend(RedisScriptingCommands<String, String> redis) {
    this.redis = redis;
  }

  Outcome append(String stream, Map<String, String> fields, long limit) {
    List<String> args = new ArrayList<>(List.of(Long.toString(limit), Streams.AGENT_GROUP));
    fields.forEach(
        (name, value) -> {
          args.add(name);
          args.add(value);
        });
    List<Object> result = run(new String[] {stream}, args.toArray(String[]::new));
    boolean appended = ((Number) result.get(0)).longValue() == 1;
    return appended
        ? new Outcome(true, String.valueOf(result.get(1)), 0)
        : new Outcome(false, null, ((Number) result.get(1)).longValue());
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
