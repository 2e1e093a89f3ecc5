package dev.chorus.gateway;

import java.util.Map;

/**
 * Body of {@code POST /api/v1/pipelines/{name}/runs}.
 *
 * @param input the run's input, a JSON object
 * @param runId optional id chosen by the caller: a retried request with the same id starts no
 *     second run
 * @param version optional definition version; the latest stored one when absent
 */
public record StartRunRequest(Map<String, Object> input, String runId, Integer version) {}
