package dev.chorus.pipeline;

/** What {@link Agents} reports about its calls, e.g. to a run's state query. Every method is optional. */
public interface AgentCallListener {

  AgentCallListener NONE = new AgentCallListener() {};

  default void dispatched(String step, String capability, int attempt, long nowMillis) {}

  default void retrying(String step, String why) {}

  default void completed(String step, AgentReply reply, long nowMillis) {}

  default void failed(String step, String why, long nowMillis) {}

  default void cancelled(String step, long nowMillis) {}

  default void compensated(String step) {}

  default void compensationFailed(String step, String why) {}
}
