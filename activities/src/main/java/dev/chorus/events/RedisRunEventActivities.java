package dev.chorus.events;

import com.uber.m3.tally.Scope;
import dev.chorus.pipeline.RunEvent;
import dev.chorus.pipeline.RunEventActivities;
import dev.chorus.protocol.LiveStream;
import io.lettuce.core.api.sync.RedisStreamCommands;
import io.temporal.activity.Activity;
import java.util.Map;

/**
 * Run lifecycle events as entries of {@link dev.chorus.protocol.Streams#EVENTS} and of the run's
 * live stream, one XADD each, and counted per pipeline ({@code chorus_runs_started}, {@code
 * chorus_runs_finished} by status) on the activity's Temporal metrics scope.
 */
public class RedisRunEventActivities implements RunEventActivities {

  private final RedisStreamCommands<String, String> redis;
  private final LiveStream live;

  public RedisRunEventActivities(RedisStreamCommands<String, String> redis, LiveStream live) {
    this.redis = redis;
    this.live = live;
  }

  @Override
  public void publish(RunEvent event) {
    RunEventStream.append(redis, live, event);
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
