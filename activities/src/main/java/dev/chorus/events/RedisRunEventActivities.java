package dev.chorus.events;

import com.uber.m3.tally.Scope;
import dev.chorus.pipeline.RunEvent;
import dev.chorus.pipeline.RunEventActivities;
import dev.chorus.protocol.Protocol;
import dev.chorus.protocol.Streams;
import io.lettuce.core.api.sync.RedisStreamCommands;
import io.temporal.activity.Activity;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Run lifecycle events as entries of {@link Streams#EVENTS}, one XADD each, and counted per
 * pipeline ({@code chorus_runs_started}, {@code chorus_runs_finished} by status) on the activity's
 * Temporal metrics scope.
 */
public class RedisRunEventActivities implements RunEventActivities {

  private final RedisStreamCommands<String, String> redis;

  public RedisRunEventActivities(RedisStreamCommands<String, String> redis) {
    this.redis = redis;
  }

  @Override
  public void publish(RunEvent event) {
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
    count(event);
  }

  private static void count(RunEvent event) {
    Scope metrics =
        Activity.getExecutionContext()
            .getMetricsScope()
            .tagged(Map.of("pipeline", event.pipeline()));
    if (RunEvent.RUN_STARTED.equals(event.type())) {
      metrics.counter("chorus_runs_started").inc(1);
    } else if (RunEvent.RUN_FINISHED.equals(event.type())) {
      metrics.tagged(Map.of("status", event.status())).counter("chorus_runs_finished").inc(1);
    }
  }
}
