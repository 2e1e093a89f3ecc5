package dev.chorus.pipeline;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Publishes run lifecycle events; called as a local activity, so an event costs no extra task round trip. */
@ActivityInterface
public interface RunEventActivities {

  @ActivityMethod
  void publish(RunEvent event);
}
