package dev.chorus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chorus.examples.DemoAgents;
import dev.chorus.pipeline.PipelineWorkflow;
import dev.chorus.protocol.Streams;
import io.lettuce.core.StreamMessage;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo pipeline through the gateway, the real Temporal server, real Redis and four agent
 * processes: three in Java and one in Python, written from the protocol document alone.
 */
@ChorusE2E
class DemoPipelineIT {

  private static final List<String> CAPABILITIES =
      List.of("text.keywords", "text.summary", "text.sentiment", "text.stats");
  private static final List<AgentProcess> agents = new ArrayList<>();
  private static TestStack stack;

  @BeforeAll
  static void startAgents(TestStack testStack) throws Exception {
    stack = testStack;
    agents.addAll(stack.agents.demo());
  }

  @AfterAll
  static void stopAgents() throws InterruptedException {
    for (AgentProcess agent : agents) {
      agent.close();
    }
  }

  @Test
  void everyStepCrossesItsStreamAndComesBackAsOneSignal() throws Exception {
    Gateway gateway = new Gateway(stack.gatewayUrl);
    // A fixed id: the replay fixture is this run's history, and replay derives task ids from it.
    Map<String, Object> request = new java.util.LinkedHashMap<>(demoRequest());
    request.put("runId", "text-insights-demo");
    String runId = gateway.start("text-insights", request);

    Map<String, Object> run = gateway.awaitEnd(runId, Duration.ofSeconds(60));

    // (a) the output of every step
    assertThat(run.get("status")).isEqualTo("COMPLETED");
    assertThat(run.get("output"))
        .isEqualTo(
            Map.of(
                "keywords",
                    Map.of(
                        "keywords",
                        List.of("agent", "pipelines", "run", "temporal", "chorus"),
                        "distinctWords",
                        29),
                "summary",
                    Map.of(
                        "summary",
                        "Every agent step crosses Redis Streams and returns to its run as a signal, so a crashed agent never loses work."
                            + " Teams enjoy fast, reliable pipelines and easy recovery when an agent fails.",
                        "sentences",
                        4),
                "sentiment",
                    Map.of(
                        "label", "positive", "score", 0.71, "positiveWords", 6, "negativeWords", 1),
                "stats",
                    Map.of(
                        "words",
                        52,
                        "sentences",
                        4,
                        "averageWordLength",
                        4.71,
                        "readingSeconds",
                        16)));
    assertThat(AgentCrashIT.stepNamed(run, "stats")).containsEntry("agentId", "demo-stats-python");

    // (b) one reply signal in the run's history per agent reply
    List<HistoryEvent> signals =
        stack.temporal.fetchHistory(runId).getEvents().stream()
            .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)
            .toList();
    assertThat(signals)
        .hasSize(4)
        .allSatisfy(
            e ->
                assertThat(e.getWorkflowExecutionSignaledEventAttributes().getSignalName())
                    .isEqualTo(PipelineWorkflow.REPLY_SIGNAL));
    StreamInspector streams = new StreamInspector(stack.redis);
    List<StreamMessage<String, String>> replies = streams.entriesOf(Streams.REPLIES, runId);
    assertThat(replies).hasSize(4);

    // (c) each task went through its capability's stream and consumer group, nothing left pending
    for (String capability : CAPABILITIES) {
      String stream = Streams.tasks(capability, 1);
      List<StreamMessage<String, String>> tasks = streams.entriesOf(stream, runId);
      assertThat(tasks).as("tasks of %s on %s", runId, stream).hasSize(1);
      Map<String, Object> group = streams.group(stream, Streams.AGENT_GROUP);
      assertThat(StreamInspector.delivered(group, tasks.get(0).getId()))
          .as("group read %s", stream)
          .isTrue();
      assertThat(streams.pending(stream, Streams.AGENT_GROUP, ids(tasks))).isEmpty();
    }
    Map<String, Object> bridge = streams.group(Streams.REPLIES, Streams.BRIDGE_GROUP);
    assertThat(replies)
        .allSatisfy(r -> assertThat(StreamInspector.delivered(bridge, r.getId())).isTrue());
    assertThat(streams.pending(Streams.REPLIES, Streams.BRIDGE_GROUP, ids(replies))).isEmpty();

    // Its lifecycle, told on the events stream for other systems.
    assertThat(streams.entriesOf(Streams.EVENTS, runId, "runId"))
        .extracting(e -> e.getBody().get("type") + ":" + e.getBody().getOrDefault("step", ""))
        .containsExactly(
            "run.started:",
            "step.finished:keywords",
            "step.finished:summary",
            "step.finished:sentiment",
            "step.finished:stats",
            "run.finished:");

    // Kept beside the test logs: the fixture of the replay test is a copy of such a history.
    Files.writeString(
        stack.reports.resolve("text-insights-history.json"),
        stack.temporal.fetchHistory(runId).toJson(true));
  }

  static Map<String, Object> demoRequest() throws Exception {
    try (InputStream in = DemoAgents.class.getResourceAsStream("/demo/text-insights-run.json")) {
      return new ObjectMapper().readValue(in, new TypeReference<>() {});
    }
  }

  private static Set<String> ids(List<StreamMessage<String, String>> messages) {
    return messages.stream().map(StreamMessage::getId).collect(Collectors.toSet());
  }
}
