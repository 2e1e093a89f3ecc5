package dev.chorus.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A Prometheus's HTTP API as a test asks it: instant queries, scrape targets, loaded rules. */
final class PrometheusApi {

  private final String url;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  PrometheusApi(String url) {
    this.url = url;
  }

  /** The {@code data} of an instant query; throws naming the query when Prometheus refuses it. */
  JsonNode query(String promql) throws IOException, InterruptedException {
    JsonNode answer =
        json.readTree(
            get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)));
    if (!"success".equals(answer.path("status").asText())) {
      throw new AssertionError("Prometheus refused " + promql + ": " + answer);
    }
    return answer.path("data");
  }

  /** The scrape targets as Prometheus sees them: health and last error of each. */
  String targets() throws IOException, InterruptedException {
    return get("/api/v1/targets");
  }

  /** Every rule Prometheus loaded, each with its name, query and health. */
  List<JsonNode> rules() throws IOException, InterruptedException {
    JsonNode answer = json.readTree(get("/api/v1/rules"));
    List<JsonNode> rules = new ArrayList<>();
    answer.path("data").path("groups").forEach(group -> group.path("rules").forEach(rules::add));
    return rules;
  }

  private String get(String path) throws IOException, InterruptedException {
    return http.send(
            HttpRequest.newBuilder(URI.create(url + path)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
