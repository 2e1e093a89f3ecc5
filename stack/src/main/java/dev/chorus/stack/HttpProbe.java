package dev.chorus.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Whether an HTTP endpoint answers 200, optionally with a body that contains a marker. */
final class HttpProbe {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  private HttpProbe() {}

  static boolean ok(String url, String bodyContains) throws IOException, InterruptedException {
    HttpResponse<String> response =
        CLIENT.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.ofString());
    return response.statusCode() == 200
        && (bodyContains == null || response.body().contains(bodyContains));
  }
}
