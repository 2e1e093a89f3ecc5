package dev.chorus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chorus.stack.Ports;
import dev.chorus.stack.PrometheusServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The dashboards and alerts hold up against a live stack: a real Prometheus scrapes the test stack
 * while pipelines run, every alert rule loads and evaluates without error, and every dashboard
 * panel's query returns series.
 */
@ChorusE2E
class PrometheusIT {

  /**
   * Scrape and rule evaluation: every few seconds, not every second, as a scrape of a busy test JVM
   * can take more than one.
   */
  private static final Duration INTERVAL = Duration.ofSeconds(3);

  private static final List<String> ALERTS =
      List.of(
          "ChorusDeadLettersGrowing",
          "ChorusBacklogGrowing",
          "ChorusCapabilityWithoutHealthyAgent",
          "ChorusRunFailureRateHigh",
          "ChorusWorkflowTaskSlotsExhausted",
          "ChorusScheduleToStartLatencyHigh");

  private final TestStack stack;
  private final Gateway gateway;
  private final Path dashboards;

  PrometheusIT(TestStack stack) {
    this.stack = stack;
    this.gateway = new Gateway(stack.gatewayUrl);
    this.dashboards = stack.tools.checkout().resolve("dashboards");
  }

  @Test
  void everyAlertEvaluatesAndEveryDashboardPanelHasSeries() throws Exception {
    String target = "127.0.0.1:" + URI.create(stack.gatewayUrl).getPort();
    PrometheusServer server =
        new PrometheusServer(
            stack.home,
            "prometheus",
            stack.tools,
            Ports.free(),
            target,
            stack.tools.checkout().resolve("infra/prometheus/chorus-alerts.rules.yml"),
            INTERVAL,
            TestStack.ADMIN_KEY);
    try (AgentProcess agent = stack.agents.echo("echo-metrics", "test.echo")) {
      server.start();
      PrometheusApi prometheus = new PrometheusApi(server.url());
      await("Prometheus scrapes Chorus: " + target)
          .atMost(Duration.ofMinutes(2))
          .untilAsserted(
              () ->
                  assertThat(prometheus.query("up{job=\"chorus\"} == 1").path("result").size())
                      .as("scrape targets: %s", prometheus.targets())
                      .isEqualTo(1));
      List<String> runs = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        runs.add(gateway.start(TestPipelines.ECHO_TWICE, Map.of("input", Map.of("n", i))));
      }
      runs.add(gateway.start(TestPipelines.ECHO_TWICE, Map.of("input", Map.of("fail", true))));
      for (String run : runs) {
        gateway.awaitEnd(run, Duration.ofSeconds(60));
      }
      Files.writeString(stack.reports.resolve("actuator-prometheus.txt"), scrape());

      List<JsonNode> rules = prometheus.rules();
      assertThat(rules)
          .extracting(rule -> rule.path("name").asText())
          .containsExactlyInAnyOrderElementsOf(ALERTS);
      for (JsonNode rule : rules) {
        assertThat(rule.path("annotations").path("runbook_url").asText())
            .as("runbook of %s", rule.path("name"))
            .isNotBlank();
        Path runbook =
            stack.tools.checkout().resolve(rule.path("annotations").path("runbook_url").asText());
        assertThat(runbook).as("runbook of %s", rule.path("name")).exists();
        prometheus.query(rule.path("query").asText());
      }
      await("every alert rule evaluated without error")
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(prometheus.rules())
                      .allSatisfy(
                          rule ->
                              assertThat(rule.path("health").asText())
                                  .as("%s", rule)
                                  .isEqualTo("ok")));

      for (String expression : panelExpressions()) {
        await("series for panel query " + expression)
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofSeconds(1))
            .untilAsserted(
                () ->
                    assertThat(prometheus.query(expression).path("result").size())
                        .as("series of %s; scrape targets: %s", expression, prometheus.targets())
                        .isPositive());
      }
    } finally {
      server.stop();
    }
  }

  /** Every panel target of every dashboard, with Grafana's variables filled in as Grafana would. */
  private List<String> panelExpressions() throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<String> expressions = new ArrayList<>();
    try (Stream<Path> files = Files.list(dashboards)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        for (JsonNode panel : json.readTree(file.toFile()).path("panels")) {
          for (JsonNode target : panel.path("targets")) {
            expressions.add(
                target
                    .path("expr")
                    .asText()
                    .replace("$__rate_interval", "1m")
                    .replace("$pipeline", ".+")
                    .replace("$capability", ".+"));
          }
        }
      }
    }
    assertThat(expressions).as("panel queries in %s", dashboards).hasSizeGreaterThan(10);
    return expressions;
  }

  private String scrape() throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(stack.gatewayUrl + "/actuator/prometheus"))
                .header("X-API-Key", TestStack.ADMIN_KEY)
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
