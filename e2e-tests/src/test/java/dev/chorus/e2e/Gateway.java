package dev.chorus.e2e;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/** The gateway's HTTP API as a client sees it. */
final class Gateway {

  /** Every status a run ends with: all but those of a run still going. */
  static final Set<String> FINAL =
      OperatorQueries.STATUSES.stream()
          .filter(status -> !Set.of("RUNNING", "COMPENSATING").contains(status))
          .collect(Collectors.toUnmodifiableSet());

  private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {};

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();
  private final String baseUrl;
  private final String authHeader;
  private final String authValue;

  /** A client holding the admin key, as every test that is not about security uses. */
  Gateway(String baseUrl) {
    this(baseUrl, "X-API-Key", TestStack.ADMIN_KEY);
  }

  /**
   * A client sending {@code header: value} with each request (an API key, or {@code Authorization:
   * Bearer …}).
   */
  Gateway(String baseUrl, String header, String value) {
    this.baseUrl = baseUrl;
    this.authHeader = header;
    this.authValue = value;
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path));
    return authHeader == null ? builder : builder.header(authHeader, authValue);
  }

  /** POST /api/v1/pipelines/{pipeline}/runs; returns the run's id. */
  String start(String pipeline, Map<String, Object> body) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            request("/api/v1/pipelines/" + pipeline + "/runs")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 201) {
      throw new AssertionError("start answered " + response.statusCode() + ": " + response.body());
    }
    return (String) json.readValue(response.body(), JSON_OBJECT).get("runId");
  }

  /** POST of a JSON body to a path under the gateway; returns the status code and body. */
  HttpResponse<String> post(String path, String contentType, String body)
      throws IOException, InterruptedException {
    return http.send(
        request(path)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** POST /api/v1/runs/{id}/signals/{signal} with the payload as JSON. */
  void signal(String runId, String signal, Map<String, Object> payload)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        post(
            "/api/v1/runs/" + runId + "/signals/" + signal,
            "application/json",
            json.writeValueAsString(payload));
    if (response.statusCode() != 202) {
      throw new AssertionError("signal answered " + response.statusCode() + ": " + response.body());
    }
  }

  Map<String, Object> json(String body) throws IOException {
    return json.readValue(body, JSON_OBJECT);
  }

  Map<String, Object> run(String runId) throws IOException, InterruptedException {
    return get("/api/v1/runs/" + runId).body();
  }

  /** A response: its status and its JSON body (an object, or a list under "items"). */
  record Response(int status, Map<String, Object> body) {}

  Response get(String path) throws IOException, InterruptedException {
    return send(request(path).build());
  }

  /** The run ids of one page of a run listing, which must answer 200. */
  List<String> runIds(String path) throws IOException, InterruptedException {
    Response response = get(path);
    if (response.status() != 200) {
      throw new AssertionError(path + " answered " + response.status() + ": " + response.body());
    }
    return ids(response.body());
  }

  /** The run ids of a run listing's page. */
  @SuppressWarnings("unchecked")
  static List<String> ids(Map<String, Object> page) {
    return ((List<Map<String, Object>>) page.get("runs"))
        .stream().map(r -> (String) r.get("runId")).toList();
  }

  /** The status of the step named {@code step} in a run's view, or "absent". */
  @SuppressWarnings("unchecked")
  static String stepStatus(Map<String, Object> run, String step) {
    return ((List<Map<String, Object>>) run.get("steps"))
        .stream()
            .filter(s -> step.equals(s.get("name")))
            .map(s -> String.valueOf(s.get("status")))
            .findFirst()
            .orElse("absent");
  }

  Response post(String path, Object body) throws IOException, InterruptedException {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
            .build());
  }

  Response put(String path, Object body) throws IOException, InterruptedException {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
            .build());
  }

  /** DELETE of a path under the gateway; returns the status code. */
  int delete(String path) throws IOException, InterruptedException {
    return http.send(request(path).DELETE().build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private Response send(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    String body = response.body().strip();
    Map<String, Object> parsed =
        body.isEmpty()
            ? Map.of()
            : body.startsWith("[")
                ? Map.of("items", json.readValue(body, java.util.List.class))
                : json.readValue(body, JSON_OBJECT);
    return new Response(response.statusCode(), parsed);
  }

  /** GET /api/v1/agents. */
  List<Map<String, Object>> agents() throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(request("/api/v1/agents").build(), HttpResponse.BodyHandlers.ofString());
    return json.readValue(response.body(), new TypeReference<>() {});
  }

  /**
   * The first series of {@code name} on the Prometheus page that carries every one of {@code
   * labels}, each written as Prometheus writes it, e.g. {@code capability="text.stats"}.
   */
  double gauge(String name, String... labels) throws IOException, InterruptedException {
    String page =
        http.send(request("/actuator/prometheus").build(), HttpResponse.BodyHandlers.ofString())
            .body();
    return page.lines()
        .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
        .filter(line -> java.util.Arrays.stream(labels).allMatch(line::contains))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    name
                        + " "
                        + java.util.Arrays.toString(labels)
                        + " is not on the Prometheus page"));
  }

  /** GET /api/v1/capabilities. */
  List<Map<String, Object>> capabilities() throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(request("/api/v1/capabilities").build(), HttpResponse.BodyHandlers.ofString());
    return json.readValue(response.body(), new TypeReference<>() {});
  }

  /**
   * The state ({@code ready} or {@code draining}) of a registered agent, or null when it is not
   * registered.
   */
  String agentState(String agentId) throws IOException, InterruptedException {
    return agents().stream()
        .filter(a -> agentId.equals(a.get("agentId")))
        .map(a -> (String) a.get("state"))
        .findFirst()
        .orElse(null);
  }

  /** Polls GET /api/v1/runs/{id} until the run has ended. */
  Map<String, Object> awaitEnd(String runId, Duration deadline) {
    AtomicReference<Map<String, Object>> last = new AtomicReference<>();
    await("run " + runId + " ends")
        .atMost(deadline)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              last.set(run(runId));
              return FINAL.contains(last.get().get("status"));
            });
    return last.get();
  }
}
