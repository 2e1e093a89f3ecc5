package dev.chorus.protocol;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Appends to runs' live streams ({@link Streams#live}), each bounded in length (approximate MAXLEN,
 * so Redis trims whole nodes cheaply) and expiring {@code retention} after its last entry: a
 * finished run's story stays readable for a while, then goes without anyone cleaning up.
 *
 * <p>Every entry has a {@code type}: the run's lifecycle events ({@code run.started}, {@code
 * step.dispatched}, {@code step.finished}, {@code run.finished}) and its agents' checked progress
 * ({@code step.progress}, {@code step.output}).
 */
public final class LiveStream {

  public static final String STEP_DISPATCHED = "step.dispatched";
  public static final String STEP_PROGRESS = "step.progress";
  public static final String STEP_OUTPUT = "step.output";

  // Renewed on every entry: the stream lives for the retention after the run's last word.
  private static final String APPEND =
      "local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', unpack(ARGV, 3))\n"
          + "redis.call('PEXPIRE', KEYS[1], ARGV[2])\n"
          + "return id";

  private final RedisCommands<String, String> redis;
  private final long maxLength;
  private final long retentionMillis;

  public LiveStream(RedisCommands<String, String> redis, long maxLength, Duration retention) {
    if (maxLength < 1 || retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException(
          "a live stream needs a positive length and retention, were "
              + maxLength
              + " and "
              + retention);
    }
    this.redis = redis;
    this.maxLength = maxLength;
    this.retentionMillis = retention.toMillis();
  }

  /**
   * Appends one entry to the run's live stream and renews its expiry, in one script: one round trip
   * on the dispatch path, and no stream left without an expiry by a crash between the two.
   */
  public String append(String runId, Map<String, String> fields) {
    List<String> args = new ArrayList<>(2 + 2 * fields.size());
    args.add(Long.toString(maxLength));
    args.add(Long.toString(retentionMillis));
    fields.forEach(
        (name, value) -> {
          args.add(name);
          args.add(value);
        });
    return redis.eval(
        APPEND,
        ScriptOutputType.VALUE,
        new String[] {Streams.live(runId)},
        args.toArray(String[]::new));
  }

  /** The live entry of an agent's checked progress or partial output. */
  public static Map<String, String> entryOf(ProgressEnvelope progress) {
    Map<String, String> fields = new java.util.LinkedHashMap<>();
    fields.put("v", Protocol.VERSION);
    fields.put(
        "type", ProgressEnvelope.OUTPUT.equals(progress.kind()) ? STEP_OUTPUT : STEP_PROGRESS);
    fields.put("runId", progress.workflowId());
    fields.put("step", progress.step());
    fields.put("taskId", progress.taskId());
    fields.put("agentId", progress.agentId());
    fields.put("at", Long.toString(System.currentTimeMillis()));
    if (progress.fraction() != null) {
      fields.put("fraction", progress.fraction());
    }
    if (progress.message() != null) {
      fields.put("message", progress.message());
    }
    if (progress.chunk() != null) {
      fields.put("chunk", progress.chunk());
    }
    return fields;
  }
}
