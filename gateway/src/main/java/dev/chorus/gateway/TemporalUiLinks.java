package dev.chorus.gateway;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Builds links to runs in the Temporal Web UI. */
public record TemporalUiLinks(String baseUrl, String namespace) {

  public String run(String workflowId) {
    String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    return base
        + "/namespaces/"
        + namespace
        + "/workflows/"
        + URLEncoder.encode(workflowId, StandardCharsets.UTF_8);
  }
}
