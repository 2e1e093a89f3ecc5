package dev.chorus.pipeline;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Puts tasks on the wire. The reply does not come back through here but as a workflow signal. */
@ActivityInterface
public interface DispatchActivities {

  /**
   * Appends the task to its capability's stream and returns the stream entry id. Retrying after an
   * unknown outcome may append it twice; agents make that harmless through {@link AgentTask#taskId()}.
   */
  @ActivityMethod
  String dispatch(AgentTask task);
}
