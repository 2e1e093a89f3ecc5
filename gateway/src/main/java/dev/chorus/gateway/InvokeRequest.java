package dev.chorus.gateway;

import java.util.Map;

/**
 * Body of {@code POST /api/v1/capabilities/{capability}/invoke}.
 *
 * @param input the task's input, a JSON object
 * @param timeoutMillis how long to wait for the reply (default 30000, at most 300000)
 */
public record InvokeRequest(Map<String, Object> input, Long timeoutMillis) {}
