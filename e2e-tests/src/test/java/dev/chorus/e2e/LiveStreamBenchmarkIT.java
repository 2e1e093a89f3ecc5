package dev.chorus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chorus.protocol.Streams;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What followers cost a run: the same run, whose agent step emits 20 chunks over about two seconds,
 * with no stream client and with {@value #CLIENTS} clients following it through the gateway's
 * {@code /stream}, alternating, {@value #ROUNDS} runs each. The run first waits for a signal, so
 * the clients are all connected before its agent step starts: the step's latency, from its {@code
 * step.dispatched} to the run's {@code run.finished} in the run's own time, is what following costs
 * it, and the time the {@value #CLIENTS} clients took to connect is reported beside it. Prints the
 * figures side by side (and keeps them in {@code reports/live-stream-benchmark.txt} of its JVM's
 * stack folder); asserts only that every client saw every run's whole story.
 */
@ChorusE2E
class LiveStreamBenchmarkIT {

  static final int CLIENTS = 200;
  static final int ROUNDS = 4;
  // Clients are spread over keys: each caller may hold chorus.live.streams-per-caller streams.
  private static final int STREAMS_PER_KEY = 5;

  private final TestStack stack;
  private final Gateway gateway;

  LiveStreamBenchmarkIT(TestStack stack) {
    this.stack = stack;
    this.gateway = new Gateway(stack.gatewayUrl);
  }

  @Test
  void runLatencyWithoutAndWithTwoHundredFollowers() throws Exception {
    String pipeline = "live-bench-" + UUID.randomUUID().toString().substring(0, 8);
    String yaml =
        "name: "
            + pipeline
            + "\nversion: 1\nsteps:\n"
            + "  - name: gate\n    kind: wait\n    signal: go\n"
            + "  - name: talk\n    kind: agent\n    capability: test.live-bench\n"
            + "    input: { chunks: \"'20'\", chunkMillis: \"'100'\" }\n";
    var registered = gateway.post("/api/v1/pipelines", "application/yaml", yaml);
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
    List<String> keys = viewerKeys(CLIENTS / STREAMS_PER_KEY);
    List<Long> alone = new ArrayList<>();
    List<Long> followed = new ArrayList<>();
    List<Long> connecting = new ArrayList<>();
    ExecutorService opening = Executors.newFixedThreadPool(16);
    try (AgentProcess agent = stack.agents.echo("live-bench-echo", "test.live-bench")) {
      // A first run warms the path; it is not counted.
      latency(run(pipeline));
      for (int round = 0; round < ROUNDS; round++) {
        alone.add(latency(run(pipeline)));
        followed.add(followedRun(pipeline, keys, opening, connecting));
      }
    } finally {
      opening.shutdownNow();
    }
    double aloneMillis = median(alone);
    double followedMillis = median(followed);
    String report =
        String.format(
            "agent step latency (median of %d, step.dispatched to run.finished): 0 stream clients"
                + " %.0f ms %s, %d stream clients %.0f ms %s, ratio %.2f; %d clients connected in"
                + " %.0f ms (median) %s%n",
            ROUNDS,
            aloneMillis,
            alone,
            CLIENTS,
            followedMillis,
            followed,
            followedMillis / aloneMillis,
            CLIENTS,
            median(connecting),
            connecting);
    System.out.print(report);
    Files.writeString(stack.reports.resolve("live-stream-benchmark.txt"), report);
  }

  /**
   * One run with every client following it from its start, connected while the run waits for its
   * signal; its agent step's latency, and how long the clients took to connect in {@code
   * connecting}.
   */
  private long followedRun(
      String pipeline, List<String> keys, ExecutorService opening, List<Long> connecting)
      throws Exception {
    String runId = gateway.start(pipeline, Map.of("input", Map.of()));
    String path = "/api/v1/runs/" + runId + "/stream";
    long connectStart = System.nanoTime();
    List<Future<EventStream>> opened = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      String key = keys.get(i / STREAMS_PER_KEY);
      opened.add(opening.submit(() -> EventStream.open(stack.gatewayUrl, path, null, key)));
    }
    List<EventStream> clients = new ArrayList<>();
    try {
      for (Future<EventStream> future : opened) {
        clients.add(future.get());
      }
      assertThat(clients).allSatisfy(c -> assertThat(c.status()).isEqualTo(200));
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> clients.stream().noneMatch(c -> c.events().isEmpty()));
      connecting.add((System.nanoTime() - connectStart) / 1_000_000);
      release(runId);
      await()
          .atMost(Duration.ofSeconds(120))
          .until(() -> clients.stream().allMatch(EventStream::ended));
      List<String> story = story(runId);
      assertThat(clients)
          .as("every client saw the run's whole story")
          .allSatisfy(
              c ->
                  assertThat(c.events().stream().map(EventStream.Event::id).toList())
                      .isEqualTo(story));
    } finally {
      clients.forEach(EventStream::close);
    }
    return latency(runId);
  }

  private String run(String pipeline) throws Exception {
    String runId = gateway.start(pipeline, Map.of("input", Map.of()));
    release(runId);
    assertThat(gateway.awaitEnd(runId, Duration.ofSeconds(120)).get("status"))
        .isEqualTo("COMPLETED");
    return runId;
  }

  /** Lets the run past its wait step. */
  private void release(String runId) throws Exception {
    Gateway.Response sent = gateway.post("/api/v1/runs/" + runId + "/signals/go", Map.of());
    assertThat(sent.status()).isEqualTo(202);
  }

  /** The run's own account of its agent step's duration, from its live stream. */
  private long latency(String runId) {
    await().atMost(Duration.ofSeconds(60)).until(() -> entry(runId, "run.finished") != null);
    return Long.parseLong(entry(runId, "run.finished").get("at"))
        - Long.parseLong(entry(runId, "step.dispatched").get("at"));
  }

  private Map<String, String> entry(String runId, String type) {
    return live(runId).stream()
        .map(StreamMessage::getBody)
        .filter(body -> type.equals(body.get("type")))
        .findFirst()
        .orElse(null);
  }

  private List<String> story(String runId) {
    return live(runId).stream().map(StreamMessage::getId).toList();
  }

  private List<StreamMessage<String, String>> live(String runId) {
    return stack.redis.xrange(Streams.live(runId), Range.create("-", "+"));
  }

  private List<String> viewerKeys(int count) throws Exception {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Gateway.Response created =
          gateway.post(
              "/api/v1/api-keys",
              Map.of(
                  "name",
                  "live-bench-" + UUID.randomUUID().toString().substring(0, 8),
                  "role",
                  "viewer"));
      assertThat(created.status()).isEqualTo(201);
      keys.add((String) created.body().get("key"));
    }
    return keys;
  }

  private static double median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1
        ? sorted.get(middle)
        : (sorted.get(middle - 1) + sorted.get(middle)) / 2.0;
  }
}
