package dev.chorus.pipeline;

import java.util.Map;

/** An agent's reply as the bridge signals it into the workflow. */
public record AgentReply(
    String taskId,
    String dispatchId,
    String agentId,
    boolean ok,
    Map<String, Object> output,
    String error,
    boolean retryable) {}
