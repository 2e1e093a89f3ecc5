package dev.chorus.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Follows a run's live stream ({@code GET /api/v1/runs/{runId}/stream}) and prints its steps and
 * its agents' partial output as they come. A dropped connection, or a stream the gateway closed for
 * idleness, is resumed with {@code Last-Event-ID}, so nothing is missed or printed twice.
 */
final class RunWatcher {

  private static final int MAX_RECONNECTS = 5;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper json = new ObjectMapper();
  private final String gatewayUrl;
  private final String apiKey;
  private final PrintStream out;

  /**
   * @param apiKey sent as {@code X-API-Key}; null for a gateway without authentication (the local
   *     stack)
   */
  RunWatcher(String gatewayUrl, String apiKey, PrintStream out) {
    this.gatewayUrl = gatewayUrl;
    this.apiKey = apiKey;
    this.out = out;
  }

  /** Prints the run until it ends; returns the status it ended with. */
  String watch(String runId) throws IOException, InterruptedException {
    URI uri =
        URI.create(
            gatewayUrl
                + "/api/v1/runs/"
                + URLEncoder.encode(runId, StandardCharsets.UTF_8)
                + "/stream");
    String lastEventId = null;
    for (int attempt = 0; attempt <= MAX_RECONNECTS; attempt++) {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
      if (apiKey != null) {
        request.header("X-API-Key", apiKey);
      }
      if (lastEventId != null) {
        request.header("Last-Event-ID", lastEventId);
      }
      HttpResponse<InputStream> response;
      try {
        response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      } catch (IOException unreachable) {
        Console.warn("cannot reach " + gatewayUrl + ": " + unreachable.getMessage());
        Thread.sleep(1000);
        continue;
      }
      if (response.statusCode() != 200) {
        String body;
        try (InputStream in = response.body()) {
          body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        throw new ChorusCommand.CommandFailed(
            "GET " + uri + " answered " + response.statusCode() + ": " + body);
      }
      Followed followed = follow(response.body(), lastEventId);
      if (followed.status() != null) {
        return followed.status();
      }
      lastEventId = followed.lastEventId();
    }
    throw new ChorusCommand.CommandFailed(
        "the stream of run " + runId + " broke off " + (MAX_RECONNECTS + 1) + " times");
  }

  /** Where one connection got to: the ending's status once the run ended, else its last id. */
  private record Followed(String status, String lastEventId) {}

  private Followed follow(InputStream body, String lastEventId) throws IOException {
    String id = null;
    String type = null;
    StringBuilder data = new StringBuilder();
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.startsWith("id:")) {
          id = line.substring(3).strip();
        } else if (line.startsWith("event:")) {
          type = line.substring(6).strip();
        } else if (line.startsWith("data:")) {
          data.append(line.substring(5).strip());
        } else if (line.isEmpty() && type != null) {
          JsonNode event = json.readTree(data.toString());
          print(type, event);
          if (id != null) {
            lastEventId = id;
          }
          if ("run.finished".equals(type)) {
            return new Followed(event.path("status").asText(), lastEventId);
          }
          id = null;
          type = null;
          data.setLength(0);
        }
      }
    } catch (IOException dropped) {
      Console.warn("the stream broke off (" + dropped.getMessage() + "); resuming");
    }
    return new Followed(null, lastEventId);
  }

  private void print(String type, JsonNode event) {
    String step = event.path("step").asText();
    switch (type) {
      case "run.started" ->
          Console.info(
              "run "
                  + event.path("runId").asText()
                  + " started ("
                  + event.path("pipeline").asText()
                  + ")");
      case "step.dispatched" ->
          out.println(
              "  "
                  + step
                  + ": dispatched to "
                  + event.path("capability").asText()
                  + " "
                  + event.path("version").asText()
                  + ", attempt "
                  + event.path("attempt").asText());
      case "step.progress" ->
          out.println(
              "  "
                  + step
                  + ": "
                  + (event.has("fraction")
                      ? Math.round(event.path("fraction").asDouble() * 100) + "% "
                      : "")
                  + event.path("message").asText(""));
      case "step.output" -> out.println("  " + step + " > " + event.path("chunk").asText());
      case "step.finished" ->
          out.println(
              "  "
                  + step
                  + ": "
                  + event.path("status").asText()
                  + (event.has("detail") ? " (" + event.path("detail").asText() + ")" : ""));
      case "run.finished" ->
          Console.info(
              "run "
                  + event.path("runId").asText()
                  + " "
                  + event.path("status").asText()
                  + (event.has("detail") ? " (" + event.path("detail").asText() + ")" : ""));
      case "stream.closed" -> Console.warn(event.path("detail").asText() + "; resuming");
      case "stream.gap" -> Console.warn(event.path("detail").asText());
      default -> out.println("  " + type + " " + event);
    }
  }
}
