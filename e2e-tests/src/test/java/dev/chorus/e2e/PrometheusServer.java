package dev.chorus.e2e;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real Prometheus (Debian's {@code prometheus}, installed by {@code ./chorus test}) scraping the test
 * stack's {@code /actuator/prometheus} every second with Chorus's alert rules loaded, queried through
 * its HTTP API.
 */
final class PrometheusServer implements AutoCloseable {

  static final Path RULES = Path.of(System.getProperty("user.dir")).getParent().resolve("infra/prometheus/chorus-alerts.rules.yml");

  private final Process process;
  private final String url;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  private PrometheusServer(Process process, String url) {
    this.process = process;
    this.url = url;
  }

  /** Starts Prometheus on {@code CHORUS_TEST_PROMETHEUS_PORT} (19090) scraping {@code target} (host:port). */
  static PrometheusServer start(String target) throws IOException {
    String port = System.getenv().getOrDefault("CHORUS_TEST_PROMETHEUS_PORT", "19090");
    Path home = TestStack.LOG_DIR.resolve("prometheus").toAbsolutePath();
    Files.createDirectories(home);
    Path config = home.resolve("prometheus.yml");
    Files.writeString(config, String.join("\n",
        "global:",
        // Every few seconds, not every second: a scrape of a busy test JVM can take more than one.
        "  scrape_interval: 3s",
        "  scrape_timeout: 3s",
        "  evaluation_interval: 3s",
        "rule_files:",
        "  - " + RULES,
        "scrape_configs:",
        "  - job_name: chorus",
        "    metrics_path: /actuator/prometheus",
        "    static_configs:",
        "      - targets: ['" + target + "']",
        ""));
    Process process = new ProcessBuilder(
            System.getenv().getOrDefault("CHORUS_TEST_PROMETHEUS", "prometheus"),
            "--config.file=" + config,
            // Fresh storage each time: series of an earlier run's targets would still answer queries.
            "--storage.tsdb.path=" + Files.createTempDirectory(home, "data"),
            "--web.listen-address=127.0.0.1:" + port)
        .redirectErrorStream(true)
        .redirectOutput(home.resolve("prometheus.log").toFile())
        .start();
    PrometheusServer server = new PrometheusServer(process, "http://127.0.0.1:" + port);
    await("Prometheus ready on port " + port + " (log: " + home.resolve("prometheus.log") + ")")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(() -> {
          if (!process.isAlive()) {
            throw new IllegalStateException("prometheus exited: " + Files.readString(home.resolve("prometheus.log")));
          }
          return server.get("/-/ready").statusCode() == 200;
        });
    return server;
  }

  /** The {@code data} of an instant query; throws naming the query when Prometheus refuses it. */
  JsonNode query(String promql) throws IOException, InterruptedException {
    JsonNode answer = json.readTree(get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)).body());
    if (!"success".equals(answer.path("status").asText())) {
      throw new AssertionError("Prometheus refused " + promql + ": " + answer);
    }
    return answer.path("data");
  }

  /** The scrape targets as Prometheus sees them: health and last error of each. */
  String targets() throws IOException, InterruptedException {
    return get("/api/v1/targets").body();
  }

  /** Every rule Prometheus loaded, each with its name, query and health. */
  List<JsonNode> rules() throws IOException, InterruptedException {
    JsonNode answer = json.readTree(get("/api/v1/rules").body());
    java.util.ArrayList<JsonNode> rules = new java.util.ArrayList<>();
    answer.path("data").path("groups").forEach(group -> group.path("rules").forEach(rules::add));
    return rules;
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(url + path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
