package dev.chorus.gateway;

import java.util.Map;

/** The reply to an invocation, as the agent gave it. */
public record InvokeResult(
    boolean ok, String agentId, Map<String, Object> output, String error, boolean retryable) {}
