package dev.chorus.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the demo pipeline on the local stack and print the run.",
      "Runs 'up' if needed, starts text-insights on a sample paragraph and waits for it (at most 120 s);",
      "with --follow it prints the run's steps and its agents' partial output live meanwhile (as 'watch').",
      "Exits 1 unless the run completed."
    })
final class DemoCommand implements Callable<Integer> {

  @Mixin EngineOption engine;

  static final Path REQUEST = Path.of("examples/src/main/resources/demo/text-insights-run.json");
  private static final Set<String> ENDED =
      Set.of(
          "COMPLETED",
          "FAILED",
          "COMPENSATED",
          "COMPENSATION_FAILED",
          "CANCELLED",
          "TERMINATED",
          "TIMED_OUT");
  private static final Duration PATIENCE = Duration.ofSeconds(120);

  @Option(
      names = "--follow",
      description = "print the run's steps and partial output as they happen, as 'watch' does")
  boolean follow;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper json = new ObjectMapper();

  @Override
  public Integer call() throws IOException, InterruptedException {
    LocalStack stack = engine.stack();
    stack.up(stack.settings.prometheus());
    Console.info("starting a text-insights run");
    JsonNode started =
        send(
            HttpRequest.newBuilder(
                    URI.create(stack.gatewayUrl() + "/api/v1/pipelines/text-insights/runs"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofFile(stack.tools.checkout().resolve(REQUEST))));
    String workflowId = started.path("workflowId").asText();
    Console.info(
        "run started: workflowId=" + workflowId + " runId=" + started.path("runId").asText());
    if (follow) {
      new RunWatcher(stack.gatewayUrl(), null, System.out).watch(workflowId);
    }
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    JsonNode run;
    do {
      if (System.nanoTime() > deadline) {
        throw new ChorusCommand.CommandFailed(
            "run " + workflowId + " has not ended after " + PATIENCE.toSeconds() + " s");
      }
      Thread.sleep(500);
      run =
          send(
              HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/api/v1/runs/" + workflowId))
                  .GET());
    } while (!ENDED.contains(run.path("status").asText()));
    System.out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(run));
    if (!stack.settings.postgresEngine()) {
      System.out.println(
          "Temporal UI: " + started.path("uiUrl").asText(stack.settings.temporalUiUrl()));
    }
    System.out.println(
        "History: "
            + stack.tools.temporal()
            + " workflow show --address "
            + stack.settings.temporalAddress()
            + " --workflow-id "
            + workflowId);
    if (!run.path("status").asText().equals("COMPLETED")) {
      throw new ChorusCommand.CommandFailed(
          "run finished with status " + run.path("status").asText());
    }
    return 0;
  }

  private JsonNode send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new ChorusCommand.CommandFailed(
          request.build().method()
              + " "
              + request.build().uri()
              + " answered "
              + response.statusCode()
              + ": "
              + response.body());
    }
    return json.readTree(response.body());
  }
}
