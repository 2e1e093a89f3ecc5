package dev.chorus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chorus.agent.AgentRunner;
import dev.chorus.agent.AgentSettings;
import dev.chorus.agent.PushServer;
import dev.chorus.agent.PushSettings;
import dev.chorus.protocol.Streams;
import io.lettuce.core.StreamMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One Java agent, pulled and pushed: the task envelopes a real run dispatched to it on the stream,
 * posted to the same agent in push mode, are answered with the outputs the run got.
 */
@ChorusE2E
class PushModeIT {

  private static final String CAPABILITY = "test.push-echo";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

  private final TestStack stack;
  private final Gateway gateway;

  PushModeIT(TestStack stack) {
    this.stack = stack;
    this.gateway = new Gateway(stack.gatewayUrl);
  }

  @Test
  void thePushedTasksOfARunGetTheOutputsThePulledOnesGot() throws Exception {
    String definition =
        """
        name: push-pull
        version: 1
        steps:
          - name: first
            kind: agent
            capability: test.push-echo
            input: { text: input.text }
            timeout: 5m
          - name: second
            kind: agent
            capability: test.push-echo
            input: { echoed: steps.first.output.input.text, count: "2" }
            timeout: 5m
        """;
    assertThat(gateway.post("/api/v1/pipelines", "application/yaml", definition).statusCode())
        .isIn(200, 201);
    String agentId = "push-pull-1";
    AgentSettings settings =
        new AgentSettings(
            stack.agents.credentials(CAPABILITY, agentId),
            agentId,
            1,
            Duration.ofMillis(200),
            Map.of(),
            Duration.ofSeconds(1),
            Duration.ofSeconds(3),
            Duration.ofSeconds(1),
            AgentSettings.DEFAULT_DRAIN_TIMEOUT);
    EchoAgent agent = new EchoAgent(CAPABILITY);

    Map<String, Object> run;
    try (AgentRunner pulled = AgentRunner.start(agent, settings)) {
      String runId = gateway.start("push-pull", Map.of("input", Map.of("text", "hello")));
      run = gateway.awaitEnd(runId, Duration.ofSeconds(60));
      assertThat(run.get("status")).isEqualTo("COMPLETED");

      @SuppressWarnings("unchecked")
      Map<String, Object> outputs = (Map<String, Object>) run.get("output");
      List<StreamMessage<String, String>> tasks =
          new StreamInspector(stack.redis).entriesOf(Streams.tasks(CAPABILITY, 1), runId);
      assertThat(tasks).hasSize(2);

      HttpClient http = HttpClient.newHttpClient();
      try (PushServer pushed =
          PushServer.start(
              agent, new PushSettings("127.0.0.1", 0, agentId, 1, Duration.ofSeconds(5)))) {
        for (StreamMessage<String, String> task : tasks) {
          // As dispatched: its deadline (the step's timeout of 5 minutes) has not passed yet.
          Map<String, String> envelope = task.getBody();
          HttpResponse<String> response =
              http.send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + pushed.port() + "/tasks"))
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(envelope)))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());

          assertThat(response.statusCode()).isEqualTo(200);
          Map<String, String> reply = JSON.readValue(response.body(), new TypeReference<>() {});
          assertThat(reply)
              .containsEntry("status", "ok")
              .containsEntry("taskId", envelope.get("taskId"))
              .containsEntry("token", envelope.get("token"));
          assertThat(JSON.readValue(reply.get("output"), OBJECT))
              .as("output of step %s", envelope.get("step"))
              .isEqualTo(outputs.get(envelope.get("step")));
        }
      }
    }
  }
}
