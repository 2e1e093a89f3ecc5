package dev.chorus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chorus.protocol.Streams;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A pipeline's whole life through the gateway with security on: registered, started (twice with one
 * run id, which starts one run), signalled, awaited by long poll, cancelled with its compensations,
 * terminated, and found again by the run listing's filters and pages.
 */
@ChorusE2E
class GatewayLifecycleIT {

  private final TestStack stack;
  private final Gateway gateway;
  private final String pipeline = "lifecycle-" + UUID.randomUUID().toString().substring(0, 8);

  GatewayLifecycleIT(TestStack stack) {
    this.stack = stack;
    this.gateway = new Gateway(stack.gatewayUrl);
  }

  @Test
  void aPipelineIsRegisteredRunSignalledCancelledTerminatedAndListed() throws Exception {
    Instant before = Instant.now().minusSeconds(1);
    String definition = orderSaga().replace("name: order-saga", "name: " + pipeline);
    assertThat(gateway.post("/api/v1/pipelines", "application/yaml", definition).statusCode())
        .isEqualTo(201);
    assertThat((List<?>) gateway.get("/api/v1/pipelines/" + pipeline).body().get("items"))
        .hasSize(1);

    StreamInspector streams = new StreamInspector(stack.redis);
    try (AgentProcess agents = stack.agents.echo("lifecycle-echo", "test.echo", "test.undo")) {
      // The same run id twice: one run, and the second answer is the first run.
      String approvedId = pipeline + "-approved";
      Map<String, Object> body =
          Map.of("input", Map.of("item", "book", "amount", 500), "runId", approvedId);
      Gateway.Response first = gateway.post("/api/v1/pipelines/" + pipeline + "/runs", body);
      Gateway.Response again = gateway.post("/api/v1/pipelines/" + pipeline + "/runs", body);
      assertThat(first.status()).isEqualTo(201);
      assertThat(again.status()).isEqualTo(200);
      assertThat(again.body().get("temporalRunId")).isEqualTo(first.body().get("temporalRunId"));
      assertThat(again.body().get("version")).isEqualTo(first.body().get("version")).isEqualTo(1);
      // The same run id with another input is another start, not a retry: a conflict.
      Gateway.Response other =
          gateway.post(
              "/api/v1/pipelines/" + pipeline + "/runs",
              Map.of("input", Map.of("item", "lamp", "amount", 500), "runId", approvedId));
      assertThat(other.status()).as(other.body().toString()).isEqualTo(409);
      assertThat((String) first.body().get("uiUrl")).endsWith("/workflows/" + approvedId);

      String cancelledId = start(Map.of("item", "lamp", "amount", 900));
      String terminatedId = start(Map.of("item", "desk", "amount", 700));
      for (String id : List.of(approvedId, cancelledId, terminatedId)) {
        await(id + " waits for approval")
            .atMost(Duration.ofSeconds(60))
            .until(() -> Gateway.stepStatus(gateway.run(id), "approval").equals("WAITING"));
      }

      // A long poll on a waiting run comes back when its timeout passes, still RUNNING.
      Gateway.Response polled =
          gateway.get("/api/v1/runs/" + approvedId + "/result?timeoutSeconds=1");
      assertThat(polled.status()).isEqualTo(200);
      assertThat(polled.body().get("status")).isEqualTo("RUNNING");

      gateway.signal(approvedId, "approve", Map.of("approved", true, "warehouse", "open"));
      Map<String, Object> approved = awaitResult(approvedId);
      assertThat(approved.get("status")).isEqualTo("COMPLETED");
      assertThat(Gateway.stepStatus(approved, "ship")).isEqualTo("COMPLETED");

      assertThat(gateway.post("/api/v1/runs/" + cancelledId + "/cancel", Map.of()).status())
          .isEqualTo(202);
      Map<String, Object> cancelled = awaitResult(cancelledId);
      assertThat(cancelled.get("status")).isEqualTo("CANCELLED");
      assertThat(cancelled.get("compensated")).isEqualTo(List.of("charge", "reserve"));
      assertThat(streams.entriesOf(Streams.tasks("test.undo", 1), cancelledId))
          .extracting(entry -> entry.getBody().get("step"))
          .containsExactly("charge~compensate", "reserve~compensate");

      assertThat(
              gateway
                  .post("/api/v1/runs/" + terminatedId + "/terminate", Map.of("reason", "test"))
                  .status())
          .isEqualTo(202);
      assertThat(awaitResult(terminatedId).get("status")).isEqualTo("TERMINATED");
      // Stopping a run that has ended is a conflict, not a server error.
      assertThat(gateway.post("/api/v1/runs/" + terminatedId + "/cancel", Map.of()).status())
          .isEqualTo(409);

      String byPipeline = "/api/v1/runs?pipeline=" + pipeline;
      await("visibility lists the three runs by their final status")
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                assertThat(gateway.runIds(byPipeline + "&status=COMPLETED"))
                    .containsExactly(approvedId);
                assertThat(gateway.runIds(byPipeline + "&status=CANCELLED"))
                    .containsExactly(cancelledId);
                assertThat(gateway.runIds(byPipeline + "&status=TERMINATED"))
                    .containsExactly(terminatedId);
              });
      assertThat(gateway.runIds(byPipeline + "&startedAfter=" + encode(before)))
          .containsExactlyInAnyOrder(approvedId, cancelledId, terminatedId);
      assertThat(
              gateway.runIds(
                  byPipeline + "&startedAfter=" + encode(Instant.now().plusSeconds(3600))))
          .isEmpty();
      assertThat(gateway.runIds(byPipeline + "&startedBefore=" + encode(before))).isEmpty();

      // Page by page, one run a page: each run once, and the last page has no token.
      List<String> paged = new ArrayList<>();
      String token = null;
      do {
        Gateway.Response page =
            gateway.get(byPipeline + "&pageSize=1" + (token == null ? "" : "&pageToken=" + token));
        assertThat(page.status()).isEqualTo(200);
        paged.addAll(Gateway.ids(page.body()));
        token = (String) page.body().get("nextPageToken");
      } while (token != null && paged.size() < 10);
      assertThat(paged).containsExactlyInAnyOrder(approvedId, cancelledId, terminatedId);
    }
  }

  private static String orderSaga() throws IOException {
    try (InputStream in =
        GatewayLifecycleIT.class.getResourceAsStream("/pipelines/order-saga.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private String start(Map<String, Object> input) throws Exception {
    return gateway.start(pipeline, Map.of("input", input));
  }

  private Map<String, Object> awaitResult(String runId) throws Exception {
    Map<String, Object> run = Map.of();
    for (int poll = 0; poll < 6 && !ended(run); poll++) {
      Gateway.Response response =
          gateway.get("/api/v1/runs/" + runId + "/result?timeoutSeconds=10");
      assertThat(response.status()).isEqualTo(200);
      run = response.body();
    }
    assertThat(ended(run)).as("run " + runId + " ended: " + run).isTrue();
    return run;
  }

  private static boolean ended(Map<String, Object> run) {
    return run.containsKey("status")
        && !List.of("RUNNING", "COMPENSATING").contains(run.get("status"));
  }

  private static String encode(Instant instant) {
    return URLEncoder.encode(instant.toString(), StandardCharsets.UTF_8);
  }
}
