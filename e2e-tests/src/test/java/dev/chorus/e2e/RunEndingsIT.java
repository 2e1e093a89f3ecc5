package dev.chorus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chorus.pipeline.DispatchMode;
import dev.chorus.pipeline.PipelineRun;
import dev.chorus.pipeline.PipelineWorkflow;
import dev.chorus.pipeline.RunEvent;
import dev.chorus.protocol.Streams;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every way a run can end, each checked from all four places an operator or another system learns
 * of it: the gateway's view of the run, the gateway's listing under each status filter, {@code
 * temporal workflow list} with the queries docs/pipelines.md gives operators, and the {@code
 * run.finished} event. All four must agree, and none may show a closed run as running. An ending
 * added later is one more test that ends a run and calls {@link #assertEnded}.
 */
@ChorusE2E
class RunEndingsIT {

  private final TestStack stack;
  private final Gateway gateway;
  private final String pipeline = "endings-" + UUID.randomUUID().toString().substring(0, 8);
  private final String saga = pipeline + "-saga";
  private final String brokenUndo = pipeline + "-broken-undo";
  private final String parent = pipeline + "-parent";
  private final OperatorQueries queries;
  private AgentProcess agents;

  RunEndingsIT(TestStack stack) {
    this.stack = stack;
    this.gateway = new Gateway(stack.gatewayUrl);
    this.queries = OperatorQueries.documented(stack);
  }

  @BeforeEach
  void registerPipelinesAndStartAgents() throws Exception {
    String definition = orderSaga().replace("name: order-saga", "name: " + pipeline);
    // The same run, but a failing ship is a planned ending: the run is compensated, not failed.
    String compensating =
        orderSaga()
            .replace("name: order-saga", "name: " + saga)
            .replace(
                "    capability: test.echo\n    input: { op: \"'ship'\"",
                "    capability: test.echo\n    onError: compensate\n    input: { op: \"'ship'\"");
    assertThat(compensating).contains("onError: compensate");
    // The reservation's undo has no agent, so undoing it fails at once.
    String undoFails =
        orderSaga()
            .replace("name: order-saga", "name: " + brokenUndo)
            .replace(
                "    compensate: test.undo\n  - name: checks",
                "    compensate: test.nobody\n    whenNoAgent: fail\n  - name: checks");
    assertThat(undoFails).contains("test.nobody");
    String withChild =
        "name: "
            + parent
            + "\nversion: 1\nsteps:\n"
            + "  - { name: order, kind: pipeline, pipeline: "
            + pipeline
            + ", version: 1, input: { item: input.item, amount: input.amount } }\n";
    for (String yaml : List.of(definition, compensating, undoFails, withChild)) {
      assertThat(gateway.post("/api/v1/pipelines", "application/yaml", yaml).statusCode())
          .isEqualTo(201);
    }
    agents = stack.agents.echo("endings-echo-" + pipeline, "test.echo", "test.undo");
  }

  @AfterEach
  void stopAgents() throws InterruptedException {
    agents.close();
  }

  @Test
  void completed() throws Exception {
    String runId = gateway.start(pipeline, Map.of("input", small()));
    assertEnded(runId, pipeline, "COMPLETED");
  }

  @Test
  void failed() throws Exception {
    String runId = waitingForApproval(pipeline);
    gateway.signal(runId, "approve", Map.of("approved", true, "warehouse", "closed"));
    Map<String, Object> run = assertEnded(runId, pipeline, "FAILED");
    assertThat(run.get("compensated")).isEqualTo(List.of("charge", "reserve"));
  }

  @Test
  void compensated() throws Exception {
    String runId = waitingForApproval(saga);
    gateway.signal(runId, "approve", Map.of("approved", true, "warehouse", "closed"));
    Map<String, Object> run = assertEnded(runId, saga, "COMPENSATED");
    assertThat(run.get("compensated")).isEqualTo(List.of("charge", "reserve"));
  }

  @Test
  void cancelled() throws Exception {
    String runId = waitingForApproval(pipeline);
    assertThat(gateway.post("/api/v1/runs/" + runId + "/cancel", Map.of()).status()).isEqualTo(202);
    Map<String, Object> run = assertEnded(runId, pipeline, "CANCELLED");
    assertThat(run.get("compensated")).isEqualTo(List.of("charge", "reserve"));
  }

  @Test
  void compensationFailed() throws Exception {
    String runId = waitingForApproval(brokenUndo);
    gateway.signal(runId, "approve", Map.of("approved", true, "warehouse", "closed"));
    Map<String, Object> run = assertEnded(runId, brokenUndo, "COMPENSATION_FAILED");
    assertThat(run.get("compensated")).isEqualTo(List.of("charge"));
    assertThat(Gateway.stepStatus(run, "reserve")).isEqualTo("COMPENSATION_FAILED");
  }

  /** The parent is cancelled while its child waits for approval: both end cancelled. */
  @Test
  void cancelledWithAChildInFlight() throws Exception {
    String runId = gateway.start(parent, Map.of("input", large()));
    await(runId + " waits in its child")
        .atMost(Duration.ofSeconds(60))
        .until(() -> Gateway.stepStatus(gateway.run(runId), "order").equals("RUNNING"));
    await("the child runs")
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                stack
                        .temporal
                        .listExecutions(
                            "ParentWorkflowId='" + runId + "' AND ExecutionStatus='Running'")
                        .count()
                    == 1);
    assertThat(gateway.post("/api/v1/runs/" + runId + "/cancel", Map.of()).status()).isEqualTo(202);
    Map<String, Object> run = gateway.awaitEnd(runId, Duration.ofSeconds(90));
    assertThat(run.get("status")).as("GET of " + runId + ": " + run).isEqualTo("CANCELLED");
    assertListedAs(runId, parent, "CANCELLED");
    assertOneFinishedEvent(runId, "CANCELLED");
  }

  /**
   * A sub-pipeline's run id is its parent's plus {@code /<step>}; sent with the slash as {@code
   * %2F} it is one path segment, and the child is read and signalled like any run.
   */
  @Test
  void aChildRunIsFetchedAndSignalledByItsEncodedId() throws Exception {
    String runId = gateway.start(parent, Map.of("input", large()));
    String childId = runId + "/order";
    String path = URLEncoder.encode(childId, StandardCharsets.UTF_8);
    assertThat(path).contains("%2F");
    await(childId + " waits for approval")
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              Gateway.Response child = gateway.get("/api/v1/runs/" + path);
              return child.status() == 200
                  && Gateway.stepStatus(child.body(), "approval").equals("WAITING");
            });
    Map<String, Object> child = gateway.run(path);
    assertThat(child).containsEntry("runId", childId).containsEntry("pipeline", pipeline);
    assertThat(gateway.runIds("/api/v1/runs?pipeline=" + pipeline)).contains(childId);

    gateway.signal(path, "approve", Map.of("approved", true, "warehouse", "open"));
    assertThat(gateway.awaitEnd(runId, Duration.ofSeconds(90)).get("status"))
        .isEqualTo("COMPLETED");
    assertThat(gateway.run(path).get("status")).isEqualTo("COMPLETED");
  }

  @Test
  void terminatedThroughTheGateway() throws Exception {
    String runId = waitingForApproval(pipeline);
    assertThat(
            gateway
                .post("/api/v1/runs/" + runId + "/terminate", Map.of("reason", "endings"))
                .status())
        .isEqualTo(202);
    Map<String, Object> run = assertEnded(runId, pipeline, "TERMINATED");
    assertThat(Gateway.stepStatus(run, "approval")).isEqualTo("WAITING");
  }

  @Test
  void terminatedThroughTemporal() throws Exception {
    String runId = waitingForApproval(pipeline);
    stack.temporal.newUntypedWorkflowStub(runId).terminate("an operator's temporal command");
    Map<String, Object> run = assertEnded(runId, pipeline, "TERMINATED");
    assertThat(Gateway.stepStatus(run, "approval")).isEqualTo("WAITING");
  }

  /** Started with an execution timeout, the run waits for an approval that never comes. */
  @Test
  void timedOut() throws Exception {
    String runId = pipeline + "-timeout";
    PipelineRun run =
        PipelineRun.of(stack.pipeline(pipeline), large())
            .dispatchingBy(DispatchMode.LOCAL_ACTIVITY);
    WorkflowClient.start(
        stack.temporal.newWorkflowStub(
                PipelineWorkflow.class,
                options(runId).setWorkflowExecutionTimeout(Duration.ofSeconds(15)).build())
            ::run,
        run);
    Map<String, Object> ended = assertEnded(runId, pipeline, "TIMED_OUT");
    assertThat(Gateway.stepStatus(ended, "approval")).isEqualTo("WAITING");
  }

  /**
   * A run whose history limit is one event continues as new at every step boundary; it ends once,
   * as the last of its executions, and the earlier ones are never listed as running.
   */
  @Test
  void completedAfterContinuingAsNew() throws Exception {
    String runId = pipeline + "-continued";
    PipelineRun run =
        new PipelineRun(stack.pipeline(pipeline), small(), Map.of(), 1, null)
            .dispatchingBy(DispatchMode.LOCAL_ACTIVITY);
    WorkflowClient.start(
        stack.temporal.newWorkflowStub(PipelineWorkflow.class, options(runId).build())::run, run);
    Map<String, Object> ended = assertEnded(runId, pipeline, "COMPLETED");
    assertThat((Integer) ended.get("continuedAsNew")).isPositive();
  }

  /**
   * The run ended as {@code status}, as its view, every status filter of the listing, every
   * documented operator query and its one {@code run.finished} event say.
   */
  private Map<String, Object> assertEnded(String runId, String pipelineName, String status)
      throws Exception {
    Map<String, Object> run = gateway.awaitEnd(runId, Duration.ofSeconds(90));
    assertThat(run.get("status")).as("GET of " + runId + ": " + run).isEqualTo(status);
    assertThat(run.get("version")).as("the version the run pinned").isEqualTo(1);
    assertThat(Gateway.stepStatus(run, "reserve"))
        .as("steps of " + run)
        .isIn("COMPLETED", "COMPENSATED", "COMPENSATION_FAILED");
    assertListedAs(runId, pipelineName, status);
    assertOneFinishedEvent(runId, status);
    return run;
  }

  private void assertListedAs(String runId, String pipelineName, String status) throws Exception {
    await("every status filter lists " + runId + " under " + status + " only")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              for (String filter : OperatorQueries.STATUSES) {
                assertThat(
                        gateway.runIds(
                            "/api/v1/runs?pipeline=" + pipelineName + "&status=" + filter))
                    .as("GET /api/v1/runs?status=" + filter)
                    .containsExactlyElementsOf(filter.equals(status) ? List.of(runId) : List.of());
              }
            });
    for (String filter : OperatorQueries.STATUSES) {
      assertThat(queries.lists(filter, pipelineName, runId))
          .as("the documented query for " + filter + " lists " + runId)
          .isEqualTo(filter.equals(status));
    }
  }

  private void assertOneFinishedEvent(String runId, String status) {
    StreamInspector streams = new StreamInspector(stack.redis);
    await("one run.finished event for " + runId)
        .atMost(Duration.ofSeconds(30))
        .until(() -> !finished(streams, runId).isEmpty());
    assertThat(finished(streams, runId))
        .extracting(event -> event.get("status"))
        .containsExactly(status);
  }

  private static List<Map<String, String>> finished(StreamInspector streams, String runId) {
    return streams.entriesOf(Streams.EVENTS, runId, "runId").stream()
        .map(entry -> entry.getBody())
        .filter(body -> RunEvent.RUN_FINISHED.equals(body.get("type")))
        .toList();
  }

  private String waitingForApproval(String pipelineName) throws Exception {
    String runId = gateway.start(pipelineName, Map.of("input", large()));
    await(runId + " waits for approval")
        .atMost(Duration.ofSeconds(60))
        .until(() -> Gateway.stepStatus(gateway.run(runId), "approval").equals("WAITING"));
    return runId;
  }

  private WorkflowOptions.Builder options(String runId) {
    return stack.runOptions(runId, pipeline);
  }

  /** An order small enough to need no approval. */
  private static Map<String, Object> small() {
    return Map.of("item", "pen", "amount", 50);
  }

  /** An order that waits for a person's approval. */
  private static Map<String, Object> large() {
    return Map.of("item", "desk", "amount", 700);
  }

  private static String orderSaga() throws IOException {
    try (InputStream in = RunEndingsIT.class.getResourceAsStream("/pipelines/order-saga.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
