package dev.chorus.pipeline;

import java.util.Map;

/**
 * An agent's reply as the bridge signals it into the workflow.
 *
 * @param retryNotBefore for a retryable error whose agent asked for it: the epoch millisecond
 *     before which the step is not dispatched again, or null
 */
public record AgentReply(
    String taskId,
    String dispatchId,
    String agentId,
    boolean ok,
    Map<String, Object> output,
    String error,
    boolean retryable,
    Long retryNotBefore) {}
