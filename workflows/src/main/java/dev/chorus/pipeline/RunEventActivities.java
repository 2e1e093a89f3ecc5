package dev.chorus.pipeline;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/** Publishes run lifecycle events on the events stream. */
@ActivityInterface
public interface RunEventActivities {

  @ActivityMethod
  void publish(RunEvent event);

  /** Several events in their order, in one activity. */
  @ActivityMethod
  void publishAll(List<RunEvent> events);
}
