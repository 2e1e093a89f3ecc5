package dev.chorus.pipeline.workflow;

import dev.chorus.pipeline.AgentReply;

/**
 * What {@link Agents} reports about its calls, e.g. to a run's state query. Every method is
 * optional.
 */
public interface AgentCallListener {

  AgentCallListener NONE = new AgentCallListener() {};

  default void dispatched(String step, String capability, int attempt, long nowMillis) {}

  default void retrying(String step, String why) {}

  /** An agent answered with an error; a failed step still names who failed it. */
  default void erred(String step, String agentId) {}

  default void completed(String step, AgentReply reply, long nowMillis) {}

  default void failed(String step, String why, long nowMillis) {}

  default void cancelled(String step, long nowMillis) {}

  default void compensated(String step) {}

  default void compensationFailed(String step, String why) {}

  /** Tells both listeners, {@code first} first. */
  static AgentCallListener both(AgentCallListener first, AgentCallListener second) {
    return new AgentCallListener() {
      @Override
      public void dispatched(String step, String capability, int attempt, long nowMillis) {
        first.dispatched(step, capability, attempt, nowMillis);
        second.dispatched(step, capability, attempt, nowMillis);
      }

      @Override
      public void retrying(String step, String why) {
        first.retrying(step, why);
        second.retrying(step, why);
      }

      @Override
      public void erred(String step, String agentId) {
        first.erred(step, agentId);
        second.erred(step, agentId);
      }

      @Override
      public void completed(String step, AgentReply reply, long nowMillis) {
        first.completed(step, reply, nowMillis);
        second.completed(step, reply, nowMillis);
      }

      @Override
      public void failed(String step, String why, long nowMillis) {
        first.failed(step, why, nowMillis);
        second.failed(step, why, nowMillis);
      }

      @Override
      public void cancelled(String step, long nowMillis) {
        first.cancelled(step, nowMillis);
        second.cancelled(step, nowMillis);
      }

      @Override
      public void compensated(String step) {
        first.compensated(step);
        second.compensated(step);
      }

      @Override
      public void compensationFailed(String step, String why) {
        first.compensationFailed(step, why);
        second.compensationFailed(step, why);
      }
    };
  }
}
