package dev.chorus.pipeline;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Publishes run lifecycle events on the events stream. */
@ActivityInterface
public interface RunEventActivities {

  @ActivityMethod
  void publish(RunEvent event);
}
