package dev.chorus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A run's live stream through the gateway, with a real agent process emitting 20 chunks of partial
 * output over about two seconds: a client sees the chunks in order while the run is still running,
 * then the outcome; a client that drops and reconnects with {@code Last-Event-ID} gets exactly the
 * rest; a client connecting after the run ended gets the whole story.
 */
@ChorusE2E
class LiveRunIT {

  private static final int CHUNKS = 20;

  /** chorus.live.streams-per-caller's default, which the test stack keeps. */
  private static final int STREAMS_PER_CALLER = 5;

  private final TestStack stack;
  private final Gateway gateway;

  LiveRunIT(TestStack stack) {
    this.stack = stack;
    this.gateway = new Gateway(stack.gatewayUrl);
  }

  @Test
  void chunksArriveInOrderWhileTheRunRunsAndAReconnectLosesAndRepeatsNothing() throws Exception {
    String pipeline = "live-" + UUID.randomUUID().toString().substring(0, 8);
    String yaml =
        "name: "
            + pipeline
            + "\nversion: 1\nsteps:\n"
            + "  - name: talk\n    kind: agent\n    capability: test.live\n"
            + "    input: { chunks: \"'"
            + CHUNKS
            + "'\", chunkMillis: \"'100'\" }\n";
    var registered = gateway.post("/api/v1/pipelines", "application/yaml", yaml);
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
    try (AgentProcess agent = stack.agents.echo("live-echo", "test.live")) {
      String runId = gateway.start(pipeline, Map.of("input", Map.of()));
      String path = "/api/v1/runs/" + URLEncoder.encode(runId, StandardCharsets.UTF_8) + "/stream";

      List<EventStream.Event> first;
      try (EventStream stream = EventStream.open(stack.gatewayUrl, path, null)) {
        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.contentType()).startsWith("text/event-stream");
        await().atMost(Duration.ofSeconds(60)).until(() -> chunks(stream.events()).size() >= 5);
        // The agent has some 1.5 s of chunks left: the run is still at work on them.
        assertThat(gateway.run(runId).get("status")).isEqualTo("RUNNING");
        assertThat(gateway.gauge("chorus_live_streams"))
            .as("streams served")
            .isGreaterThanOrEqualTo(1);
        assertThat(gateway.gauge("chorus_live_runs")).as("runs followed").isGreaterThanOrEqualTo(1);
        first = stream.events();
      }
      String resumeFrom = first.get(first.size() - 1).id();

      List<EventStream.Event> rest;
      try (EventStream resumed = EventStream.open(stack.gatewayUrl, path, resumeFrom)) {
        await().atMost(Duration.ofSeconds(60)).until(resumed::ended);
        rest = resumed.events();
      }
      List<EventStream.Event> told = new ArrayList<>(first);
      told.addAll(rest);

      assertThat(told.get(0).type()).isEqualTo("run.started");
      assertThat(told).extracting(EventStream.Event::type).contains("step.dispatched");
      assertThat(chunks(told))
          .as("every chunk once, in order, across the reconnect")
          .containsExactlyElementsOf(
              IntStream.rangeClosed(1, CHUNKS).mapToObj(i -> "chunk " + i).toList());
      assertThat(told).extracting(EventStream.Event::type).contains("step.progress");
      int finished = types(told).indexOf("step.finished");
      assertThat(finished)
          .as("the step finishes after its last chunk")
          .isGreaterThan(lastChunk(told));
      EventStream.Event outcome = told.get(told.size() - 1);
      assertThat(outcome.type()).isEqualTo("run.finished");
      assertThat(outcome.data()).containsEntry("status", "COMPLETED").containsEntry("runId", runId);
      assertThat(told)
          .extracting(EventStream.Event::id)
          .doesNotHaveDuplicates()
          .doesNotContainNull();

      // After the end: the whole story again, with the same ids, then the stream closes.
      try (EventStream late = EventStream.open(stack.gatewayUrl, path, null)) {
        await().atMost(Duration.ofSeconds(30)).until(late::ended);
        assertThat(late.events()).containsExactlyElementsOf(told);
      }
      // From the last event on, nothing is left to tell: the stream closes at once, empty.
      try (EventStream done = EventStream.open(stack.gatewayUrl, path, outcome.id())) {
        await().atMost(Duration.ofSeconds(30)).until(done::ended);
        assertThat(done.events()).isEmpty();
      }
    }
  }

  /**
   * Clients that open streams and never read them: past the caller's allowance the next is refused
   * with 429, and once the gateway's writes to them time out their places are free again.
   */
  @Test
  void silentClientsAreCutOffAndTheirPlacesFreed() throws Exception {
    String pipeline = "live-silent-" + UUID.randomUUID().toString().substring(0, 8);
    String yaml =
        "name: "
            + pipeline
            + "\nversion: 1\nsteps:\n"
            + "  - name: talk\n    kind: agent\n    capability: test.live\n    input: {}\n";
    var registered = gateway.post("/api/v1/pipelines", "application/yaml", yaml);
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
    String runId;
    try (AgentProcess agent = stack.agents.echo("live-silent-echo", "test.live")) {
      runId = gateway.start(pipeline, Map.of("input", Map.of()));
      assertThat(gateway.awaitEnd(runId, Duration.ofSeconds(60)).get("status"))
          .isEqualTo("COMPLETED");
    }
    // Its story rewritten far larger than any socket buffer, then its ending.
    String stream = dev.chorus.protocol.Streams.live(runId);
    stack.redis.del(stream);
    String page = "x".repeat(1024);
    for (int i = 0; i < 20_000; i++) {
      stack.redis.xadd(stream, Map.of("type", "step.output", "step", "talk", "chunk", page));
    }
    stack.redis.xadd(stream, Map.of("type", "run.finished", "status", "COMPLETED"));
    String path = "/api/v1/runs/" + runId + "/stream";
    List<java.net.Socket> silent = new ArrayList<>();
    try {
      for (int i = 0; i < STREAMS_PER_CALLER; i++) {
        silent.add(silentClient(path));
      }
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                try (EventStream refused = EventStream.open(stack.gatewayUrl, path, null)) {
                  assertThat(refused.status()).isEqualTo(429);
                }
              });
      // The gateway's writes to the silent clients time out; then a reading client gets in.
      await()
          .atMost(Duration.ofSeconds(90))
          .untilAsserted(
              () -> {
                try (EventStream admitted = EventStream.open(stack.gatewayUrl, path, null)) {
                  assertThat(admitted.status()).isEqualTo(200);
                }
              });
    } finally {
      for (java.net.Socket socket : silent) {
        socket.close();
      }
    }
  }

  /** A connection that asks for the stream and never reads a byte of the answer. */
  private java.net.Socket silentClient(String path) throws java.io.IOException {
    java.net.URI gatewayUri = java.net.URI.create(stack.gatewayUrl);
    java.net.Socket socket = new java.net.Socket();
    socket.setReceiveBufferSize(4096);
    socket.connect(new java.net.InetSocketAddress(gatewayUri.getHost(), gatewayUri.getPort()));
    socket
        .getOutputStream()
        .write(
            ("GET "
                    + path
                    + " HTTP/1.1\r\nHost: "
                    + gatewayUri.getAuthority()
                    + "\r\nAccept: text/event-stream\r\nX-API-Key: "
                    + TestStack.ADMIN_KEY
                    + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
    return socket;
  }

  @Test
  void anUnknownRunIsANotFoundProblem() throws Exception {
    try (EventStream stream =
        EventStream.open(
            stack.gatewayUrl, "/api/v1/runs/no-such-run-" + UUID.randomUUID() + "/stream", null)) {
      assertThat(stream.status()).isEqualTo(404);
      assertThat(stream.contentType()).startsWith("application/problem+json");
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void theOpenApiDocumentDescribesTheStream() throws Exception {
    Map<String, Object> paths =
        (Map<String, Object>) gateway.get("/v3/api-docs").body().get("paths");
    Map<String, Object> stream =
        (Map<String, Object>)
            ((Map<String, Object>) paths.get("/api/v1/runs/{runId}/stream")).get("get");
    Map<String, Object> responses = (Map<String, Object>) stream.get("responses");
    assertThat((Map<String, Object>) ((Map<String, Object>) responses.get("200")).get("content"))
        .containsKey("text/event-stream");
    assertThat(responses).containsKeys("404", "429");
    assertThat(stream.toString()).contains("Last-Event-ID");
  }

  private static List<String> chunks(List<EventStream.Event> events) {
    return events.stream()
        .filter(e -> "step.output".equals(e.type()))
        .map(e -> e.data().get("chunk"))
        .toList();
  }

  private static List<String> types(List<EventStream.Event> events) {
    return events.stream().map(EventStream.Event::type).toList();
  }

  private static int lastChunk(List<EventStream.Event> events) {
    return types(events).lastIndexOf("step.output");
  }
}
