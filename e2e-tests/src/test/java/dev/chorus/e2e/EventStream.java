package dev.chorus.e2e;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Server-Sent Events client of the gateway: reads one stream on a thread of its own and keeps
 * each event as it arrives, for a test to await with a deadline.
 */
final class EventStream implements AutoCloseable {

  /** One event: its id (null for the gateway's own), its name and its data as a JSON object. */
  record Event(String id, String type, Map<String, String> data) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  // One client for every stream, as a browser has: each open stream holds one of its connections.
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static final TypeReference<Map<String, String>> FIELDS = new TypeReference<>() {};

  private final List<Event> events = new CopyOnWriteArrayList<>();
  private final InputStream body;
  private final Thread reader;
  private final int status;
  private final String contentType;
  private volatile boolean ended;

  private EventStream(HttpResponse<InputStream> response) {
    this.status = response.statusCode();
    this.contentType = response.headers().firstValue("Content-Type").orElse("");
    this.body = response.body();
    this.reader = new Thread(this::read, "sse-client");
    reader.setDaemon(true);
    reader.start();
  }

  /** Opens {@code path} with the admin key, from after {@code lastEventId} when it is not null. */
  static EventStream open(String baseUrl, String path, String lastEventId)
      throws IOException, InterruptedException {
    return open(baseUrl, path, lastEventId, TestStack.ADMIN_KEY);
  }

  /** The same with another API key. */
  static EventStream open(String baseUrl, String path, String lastEventId, String apiKey)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .header("X-API-Key", apiKey)
            .header("Accept", "text/event-stream");
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
    }
    return new EventStream(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
  }

  int status() {
    return status;
  }

  String contentType() {
    return contentType;
  }

  /** The events received so far, in order. */
  List<Event> events() {
    return List.copyOf(events);
  }

  /** Whether the gateway has closed the stream. */
  boolean ended() {
    return ended;
  }

  private void read() {
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
      String id = null;
      String type = null;
      List<String> data = new ArrayList<>();
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.isEmpty()) {
          if (!data.isEmpty()) {
            events.add(new Event(id, type, JSON.readValue(String.join("\n", data), FIELDS)));
          }
          id = null;
          type = null;
          data.clear();
        } else if (line.startsWith("id:")) {
          id = line.substring(3).strip();
        } else if (line.startsWith("event:")) {
          type = line.substring(6).strip();
        } else if (line.startsWith("data:")) {
          data.add(line.substring(5).strip());
        }
      }
    } catch (IOException e) {
      // Closed by the test, or the connection dropped: either way the stream has ended.
    } finally {
      ended = true;
    }
  }

  @Override
  public void close() {
    try {
      body.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
