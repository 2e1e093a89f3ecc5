package dev.chorus.events;

import dev.chorus.pipeline.RunEvent;
import dev.chorus.protocol.LiveStream;
import dev.chorus.protocol.Protocol;
import dev.chorus.protocol.Streams;
import io.lettuce.core.api.sync.RedisStreamCommands;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A run event as an entry of {@link Streams#EVENTS} and of the run's own live stream ({@link
 * Streams#live}), with the same fields: the one place they are written, for the events a run's code
 * tells and for those told on its behalf when Temporal ended it.
 */
public final class RunEventStream {

  private RunEventStream() {}

  public static void append(
      RedisStreamCommands<String, String> redis, LiveStream live, RunEvent event) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("v", Protocol.VERSION);
    fields.put("type", event.type());
    fields.put("runId", event.runId());
    fields.put("pipeline", event.pipeline());
    if (event.step() != null) {
      fields.put("step", event.step());
    }
    fields.put("status", event.status());
    fields.put("at", Long.toString(event.atMillis()));
    if (event.detail() != null) {
      fields.put("detail", event.detail());
    }
    redis.xadd(Streams.EVENTS, fields);
    live.append(event.runId(), fields);
  }
}
