package dev.chorus.pipeline;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Puts tasks on the wire. The reply does not come back through here but as a workflow signal. */
@ActivityInterface
public interface DispatchActivities {

  /**
   * Failure type when no healthy agent matched the step in time; its message lists what is
   * registered.
   */
  String NO_AGENT = "NoAgent";

  /**
   * Routes the task to the stream of the highest matching version that has a healthy agent (or of
   * its pinned version), appends it there and says where it went. While no agent matches it fails
   * retryably, so Temporal backs off and tries again, until {@link AgentTask#waitForAgent()} has
   * passed; then it fails with type {@link #NO_AGENT}. Retrying after an unknown outcome may append
   * the task twice; agents make that harmless through {@link AgentTask#taskId()}.
   */
  @ActivityMethod
  Dispatched dispatch(AgentTask task);

  /**
   * Holds every dispatch of {@code capability}, by any run, until {@code untilMillis} (epoch
   * milliseconds), as its agent asked for; a pause already longer stays.
   */
  @ActivityMethod
  void pauseCapability(String capability, long untilMillis);
}
