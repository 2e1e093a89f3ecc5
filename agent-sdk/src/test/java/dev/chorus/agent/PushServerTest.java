package dev.chorus.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.protocol.DispatchTokens;
import dev.chorus.protocol.TaskEnvelope;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The push server over real HTTP calls. */
class PushServerTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DispatchTokens TOKENS =
      new DispatchTokens("k1", Map.of("k1", new byte[32]), Duration.ofHours(1), Clock.systemUTC());

  private final HttpClient http = HttpClient.newHttpClient();
  private final CountDownLatch gate = new CountDownLatch(1);
  private final CountDownLatch started = new CountDownLatch(1);
  private PushServer server;

  @BeforeEach
  void start() {
    server =
        PushServer.start(
            new EchoAgent(), new PushSettings("127.0.0.1", 0, "push-1", 1, Duration.ofMillis(500)));
  }

  @AfterEach
  void stop() {
    gate.countDown();
    server.close();
  }

  @Test
  void aTaskIsAnsweredWithItsReplyEnvelope() throws Exception {
    gate.countDown();
    Map<String, String> task = task("t1", "{\"text\":\"hi\"}");

    HttpResponse<String> response = post(JSON.writeValueAsString(task));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
    Map<String, String> reply = JSON.readValue(response.body(), new TypeReference<>() {});
    assertThat(reply)
        .containsEntry("status", "ok")
        .containsEntry("taskId", "t1")
        .containsEntry("agentId", "push-1")
        .containsEntry("token", task.get("token"))
        .containsEntry("output", "{\"echo\":\"hi\"}");
  }

  @Test
  void aMalformedEnvelopeIsRefusedNamingTheField() throws Exception {
    Map<String, String> missingToken = new HashMap<>(task("t1", "{}"));
    missingToken.remove("token");
    Map<String, Object> numberAttempt = new HashMap<>(task("t1", "{}"));
    numberAttempt.put("attempt", 1);

    HttpResponse<String> missing = post(JSON.writeValueAsString(missingToken));
    HttpResponse<String> number = post(JSON.writeValueAsString(numberAttempt));

    assertThat(missing.statusCode()).isEqualTo(422);
    assertThat(missing.headers().firstValue("Content-Type")).contains("application/problem+json");
    assertThat(JSON.readTree(missing.body()).path("detail").asText()).contains("'token'");
    assertThat(number.statusCode()).isEqualTo(422);
    assertThat(JSON.readTree(number.body()).path("detail").asText())
        .contains("field 'attempt' must be a string");
  }

  /** The same answers as every SDK's push mode gives (docs/agent-protocol.md, Push mode). */
  @Test
  void anotherCapabilitysTaskIsNotFoundAndAnExpiredOneIsRefused() throws Exception {
    Map<String, String> other = new HashMap<>(task("t1", "{}"));
    other.put("capability", "test.other");
    Map<String, String> expired = new HashMap<>(task("t2", "{}"));
    expired.put("deadline", Long.toString(System.currentTimeMillis() - 1000));

    HttpResponse<String> notServed = post(JSON.writeValueAsString(other));
    HttpResponse<String> late = post(JSON.writeValueAsString(expired));

    assertThat(notServed.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(notServed.body()).path("detail").asText())
        .contains("'test.other' is not served here; served: test.echo");
    assertThat(late.statusCode()).isEqualTo(422);
    assertThat(JSON.readTree(late.body()).path("detail").asText())
        .contains("'deadline' has passed");
  }

  @Test
  void withEverySlotBusyATaskIsAnswered429() throws Exception {
    CompletableFuture<HttpResponse<String>> first =
        http.sendAsync(request(JSON.writeValueAsString(task("t1", "{}"))), body());
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

    HttpResponse<String> second = post(JSON.writeValueAsString(task("t2", "{}")));

    assertThat(second.statusCode()).isEqualTo(429);
    assertThat(second.headers().firstValue("Retry-After")).contains("1");
    gate.countDown();
    assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
  }

  @Test
  void healthIsReadyUntilDraining() throws Exception {
    HttpResponse<String> ready = http.send(get("/health"), body());
    server.drain();
    HttpResponse<String> draining = http.send(get("/health"), body());

    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(ready.body()).path("status").asText()).isEqualTo("ready");
    assertThat(draining.statusCode()).isEqualTo(503);
  }

  /**
   * Refused from its declared length, before a byte of it is read: the client is still sending when
   * the answer comes, so the test speaks HTTP itself and sends no body at all.
   */
  @Test
  void aBodyOverTheLimitIsRefusedUnread() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket
          .getOutputStream()
          .write(
              ("POST /tasks HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                      + "Content-Length: "
                      + (PushServer.MAX_BODY_BYTES + 1)
                      + "\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      socket.setSoTimeout(10_000);
      String status = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);

      assertThat(status).isEqualTo("HTTP/1.1 413");
    }
  }

  @Test
  void aBodyThatDoesNotArriveInTimeIsCutOff() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /tasks HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                  + "Content-Length: 1000\r\n\r\n{\"v\":")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      socket.setSoTimeout(10_000);
      InputStream in = socket.getInputStream();
      String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);

      assertThat(status).isEqualTo("HTTP/1.1 408");
    }
    // The slot it held is free again.
    gate.countDown();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> post(JSON.writeValueAsString(task("t3", "{}"))).statusCode() == 200);
  }

  private HttpResponse<String> post(String body) throws Exception {
    return http.send(request(body), body());
  }

  private HttpRequest request(String body) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/tasks"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private HttpRequest get(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .GET()
        .build();
  }

  private static HttpResponse.BodyHandler<String> body() {
    return HttpResponse.BodyHandlers.ofString();
  }

  private static Map<String, String> task(String taskId, String input) {
    return TaskEnvelope.first(
            taskId,
            taskId + "-d1",
            "run-" + taskId,
            "step",
            "test.echo",
            1,
            System.currentTimeMillis() + 60_000,
            input)
        .signed(TOKENS)
        .toFields();
  }

  /** Echoes its input's text, once its gate opens. */
  private final class EchoAgent implements Agent {

    @Override
    public String capability() {
      return "test.echo";
    }

    @Override
    public String version() {
      return "1.0.0";
    }

    @Override
    public ObjectNode handle(JsonNode input, TaskContext context) throws AgentException {
      started.countDown();
      try {
        if (!gate.await(30, TimeUnit.SECONDS)) {
          throw AgentException.fatal("the test never opened the gate");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return JSON.createObjectNode().put("echo", input.path("text").asText());
    }
  }
}
