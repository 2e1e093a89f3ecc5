package dev.chorus.gateway;

import static io.lettuce.core.XReadArgs.StreamOffset.from;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chorus.pipeline.RunEvent;
import dev.chorus.protocol.Protocol;
import dev.chorus.protocol.StreamIds;
import dev.chorus.protocol.Streams;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.sync.RedisStreamCommands;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Follows one run's live stream ({@link Streams#live}) from a position to its end, handing each
 * entry to a {@link Sink} in batches of at most {@link LiveSettings#readBatch()}, each batch
 * written before the next is taken, so a slow client slows only itself and never makes entries pile
 * up in memory. A running run's new entries come from its {@link RunTail}, shared by all its
 * clients on this instance; what is older than the tail's window, and the whole of an ended run's
 * stream, is read from Redis without blocking. Everything comes from Redis, so any gateway instance
 * can serve any run, and a client resuming from an entry id gets exactly the entries after it.
 *
 * <p>It ends after the run's {@code run.finished}; for a run that had ended before the stream
 * opened, once the whole stream has been sent (told by a {@code run.finished} of the gateway's own,
 * without an id, when the stream holds none, e.g. once it expired); with a {@code stream.closed}
 * event after {@link LiveSettings#idleTimeout()} without anything new; or when the sink fails (the
 * client went away).
 */
final class LiveReader {

  /** What the stream is told; both throw when the client can no longer be written to. */
  interface Sink {
    /** One event; {@code id} is null for the gateway's own events, which cannot be resumed from. */
    void event(String id, String type, String data) throws IOException;

    void comment(String text) throws IOException;
  }

  static final String STREAM_CLOSED = "stream.closed";
  static final String STREAM_GAP = "stream.gap";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final RedisStreamCommands<String, String> redis;
  private final LiveSettings settings;
  private final Clock clock;

  /**
   * @param redis for reads that do not block, so one connection serves every reader
   */
  LiveReader(RedisStreamCommands<String, String> redis, LiveSettings settings, Clock clock) {
    this.redis = redis;
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * Sends the entries of {@code runId}'s live stream after {@code after} (from the start when null)
   * until the stream ends, as the class comment says.
   *
   * @param endedAs the run's status when it had ended before the stream opened; null while it runs
   * @param tail the run's tail while it runs; null once it has ended
   */
  void follow(String runId, String after, String endedAs, RunTail tail, Sink sink)
      throws IOException {
    String stream = Streams.live(runId);
    String cursor = after == null ? "0-0" : after;
    tellGap(stream, cursor, sink);
    long lastNews = clock.millis();
    long lastBeat = lastNews;
    while (!Thread.currentThread().isInterrupted()) {
      List<StreamMessage<String, String>> batch =
          tail == null ? null : tail.after(cursor, settings.readBatch(), settings.readBlock());
      if (batch == null) {
        batch = redis.xread(XReadArgs.Builder.count(settings.readBatch()), from(stream, cursor));
        if (batch.isEmpty() && tail != null) {
          // What lay between the client and the tail's window was trimmed: go on from the window.
          cursor = tail.coveredAfter();
          continue;
        }
      }
      long now = clock.millis();
      if (!batch.isEmpty()) {
        for (StreamMessage<String, String> entry : batch) {
          String type = entry.getBody().getOrDefault("type", "unknown");
          sink.event(entry.getId(), type, json(entry.getBody()));
          cursor = entry.getId();
          if (RunEvent.RUN_FINISHED.equals(type)) {
            return;
          }
        }
        lastNews = now;
        lastBeat = now;
        continue;
      }
      if (endedAs != null) {
        endOfEndedRun(runId, stream, endedAs, sink);
        return;
      }
      if (now - lastNews >= settings.idleTimeout().toMillis()) {
        sink.event(
            null,
            STREAM_CLOSED,
            json(
                Map.of(
                    "reason",
                    "idle",
                    "detail",
                    "nothing new for "
                        + settings.idleTimeout()
                        + " (chorus.live.idle-timeout); reconnect with Last-Event-ID to go on")));
        return;
      }
      if (now - lastBeat >= settings.heartbeat().toMillis()) {
        sink.comment("keep-alive");
        lastBeat = now;
      }
    }
  }

  /**
   * Tells the client, before anything else, when entries after its position may have been trimmed
   * away ({@code chorus.live.max-length}) and so will never reach it: the stream has had entries
   * removed from its head ({@code entries-added} above its {@code length}) and its oldest kept
   * entry is newer than the client's position (from the start: newer than nothing).
   */
  private void tellGap(String stream, String cursor, Sink sink) throws IOException {
    Map<String, Object> info = new java.util.HashMap<>();
    try {
      List<Object> pairs = redis.xinfoStream(stream);
      for (int i = 0; i + 1 < pairs.size(); i += 2) {
        info.put(String.valueOf(pairs.get(i)), pairs.get(i + 1));
      }
    } catch (RedisCommandExecutionException noSuchStream) {
      return;
    }
    if (!(info.get("length") instanceof Long length)
        || !(info.get("entries-added") instanceof Long added)
        || !(info.get("first-entry") instanceof List<?> first)
        || first.isEmpty()
        || added <= length) {
      return;
    }
    String oldest = String.valueOf(first.get(0));
    if (StreamIds.compare(oldest, StreamIds.next(cursor)) > 0) {
      sink.event(
          null,
          STREAM_GAP,
          json(
              Map.of(
                  "oldestKept",
                  oldest,
                  "detail",
                  (added - length)
                      + " of the run's oldest entries were trimmed (chorus.live.max-length); those"
                      + " after this client's position and before "
                      + oldest
                      + " will not reach it")));
    }
  }

  /**
   * A run that had ended when the stream opened, all of whose stream has been sent: its last entry
   * is its {@code run.finished} when the client had that already; otherwise the stream holds none
   * and the gateway tells the ending Temporal knows.
   */
  private void endOfEndedRun(String runId, String stream, String status, Sink sink)
      throws IOException {
    List<StreamMessage<String, String>> last =
        redis.xrevrange(stream, Range.create("-", "+"), Limit.create(0, 1));
    if (!last.isEmpty() && RunEvent.RUN_FINISHED.equals(last.get(0).getBody().get("type"))) {
      return;
    }
    Map<String, String> ending = new LinkedHashMap<>();
    ending.put("v", Protocol.VERSION);
    ending.put("type", RunEvent.RUN_FINISHED);
    ending.put("runId", runId);
    ending.put("status", status);
    ending.put(
        "detail",
        "told by the gateway from Temporal: the run's live stream holds no ending (it expired, or"
            + " the run is older than live streams)");
    sink.event(null, RunEvent.RUN_FINISHED, json(ending));
  }

  private static String json(Map<String, String> fields) {
    try {
      return JSON.writeValueAsString(fields);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings is always serialisable", e);
    }
  }
}
