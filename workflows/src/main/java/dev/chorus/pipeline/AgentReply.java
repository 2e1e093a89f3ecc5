package dev.chorus.pipeline;

import java.util.Map;

/**
 * An agent's reply as the bridge signals it into the workflow.
 *
 * @param retryNotBefore for a retryable error whose agent asked for it: the epoch millisecond
 *     before which the step is not dispatched again, or null
 * @param pausesCapability whether {@code retryNotBefore} holds for every dispatch of the step's
 *     capability, by any run (false in replies recorded before it existed)
 */
public record AgentReply(
    String taskId,
    String dispatchId,
    String agentId,
    boolean ok,
    Map<String, Object> output,
    String error,
    boolean retryable,
    Long retryNotBefore,
    boolean pausesCapability) {

  /** A reply that pauses nothing beyond its own step. */
  public AgentReply(
      String taskId,
      String dispatchId,
      String agentId,
      boolean ok,
      Map<String, Object> output,
      String error,
      boolean retryable,
      Long retryNotBefore) {
    this(taskId, dispatchId, agentId, ok, output, error, retryable, retryNotBefore, false);
  }
}
