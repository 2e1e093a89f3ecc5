package dev.chorus.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The watcher against an HTTP server answering as the gateway's stream does: what it prints, and
 * how it resumes a stream that broke off.
 */
class RunWatcherTest {

  private HttpServer server;
  private final List<String> lastEventIds = new CopyOnWriteArrayList<>();
  private final List<String> paths = new CopyOnWriteArrayList<>();
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

  @BeforeEach
  void serve() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          paths.add(exchange.getRequestURI().getRawPath());
          String last = exchange.getRequestHeaders().getFirst("Last-Event-ID");
          lastEventIds.add(String.valueOf(last));
          if (exchange.getRequestURI().getRawPath().contains("nope")) {
            answer(exchange, 404, "{\"detail\":\"no run with id 'nope'\"}");
          } else if (last == null) {
            // The connection breaks off after the first chunk.
            answer(
                exchange,
                200,
                event("1-0", "run.started", "{\"runId\":\"r/child\",\"pipeline\":\"p\"}")
                    + event(
                        "2-0",
                        "step.dispatched",
                        "{\"step\":\"talk\",\"capability\":\"text.talk\",\"version\":\"1.0.0\",\"attempt\":\"1\"}")
                    + event("3-0", "step.output", "{\"step\":\"talk\",\"chunk\":\"Hello\"}"));
          } else {
            answer(
                exchange,
                200,
                event(
                        "4-0",
                        "step.progress",
                        "{\"step\":\"talk\",\"fraction\":\"0.5\",\"message\":\"half way\"}")
                    + event("5-0", "step.output", "{\"step\":\"talk\",\"chunk\":\"world\"}")
                    + event("6-0", "step.finished", "{\"step\":\"talk\",\"status\":\"COMPLETED\"}")
                    + event(
                        "7-0", "run.finished", "{\"runId\":\"r/child\",\"status\":\"COMPLETED\"}"));
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void printsTheStepsAndChunksAndResumesAfterTheLastEventItGot() throws Exception {
    String status = watcher().watch("r/child");

    assertThat(status).isEqualTo("COMPLETED");
    assertThat(paths).allMatch(path -> path.equals("/api/v1/runs/r%2Fchild/stream"));
    assertThat(lastEventIds).containsExactly("null", "3-0");
    String out = printed.toString(StandardCharsets.UTF_8);
    assertThat(out)
        .contains("talk: dispatched to text.talk 1.0.0, attempt 1")
        .contains("talk > Hello")
        .contains("talk: 50% half way")
        .contains("talk > world")
        .contains("talk: COMPLETED");
    assertThat(out.indexOf("talk > Hello")).isLessThan(out.indexOf("talk > world"));
  }

  @Test
  void anUnknownRunFailsWithTheGatewaysAnswer() {
    assertThatThrownBy(() -> watcher().watch("nope"))
        .isInstanceOf(ChorusCommand.CommandFailed.class)
        .hasMessageContaining("404")
        .hasMessageContaining("no run with id 'nope'");
  }

  private RunWatcher watcher() {
    return new RunWatcher(
        "http://127.0.0.1:" + server.getAddress().getPort(),
        null,
        new PrintStream(printed, true, StandardCharsets.UTF_8));
  }

  private static String event(String id, String type, String data) {
    return "id:" + id + "\nevent:" + type + "\ndata:" + data + "\n\n";
  }

  private static void answer(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange
        .getResponseHeaders()
        .add("Content-Type", status == 200 ? "text/event-stream" : "application/problem+json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
