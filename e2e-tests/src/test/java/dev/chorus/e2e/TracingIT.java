package dev.chorus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chorus.e2e.SpanCollector.ReceivedSpan;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One run is one trace: the gateway's HTTP request, the workflow start, the workflow and its
 * activities, the dispatch onto Redis, the agent's work in its own process, and the signal of the
 * reply back into the workflow, each span the child of the one before, across the Redis hop both
 * ways.
 */
@ChorusE2E
class TracingIT {

  private final TestStack stack;
  private final Gateway gateway;

  TracingIT(TestStack stack) {
    this.stack = stack;
    this.gateway = new Gateway(stack.gatewayUrl);
  }

  @Test
  void oneRunIsOneTraceFromTheRequestThroughTheAgentAndBack() throws Exception {
    try (AgentProcess agent = stack.agents.echo("echo-tracing", "test.echo")) {
      String runId =
          gateway.start(TestPipelines.ECHO_TWICE, Map.of("input", Map.of("text", "trace me")));
      assertThat(gateway.awaitEnd(runId, Duration.ofSeconds(60)))
          .containsEntry("status", "COMPLETED");

      String traceId =
          await("the dispatch spans of run " + runId)
              .atMost(Duration.ofSeconds(30))
              .until(() -> dispatchTraceId(runId), id -> id != null);
      // Both steps answered and signalled: two of each hop, all in the one trace.
      List<ReceivedSpan> trace =
          await("the whole trace of run " + runId)
              .atMost(Duration.ofSeconds(30))
              .until(
                  () -> stack.spans.trace(traceId),
                  spans ->
                      count(spans, "HandleSignal:reply") >= 2
                          && count(spans, "perform test.echo") == 2);

      ReceivedSpan http = only(trace, s -> s.name().startsWith("http post"));
      assertThat(http.parentSpanId()).as("the HTTP request starts the trace").isEmpty();
      assertThat(http.service()).isEqualTo("chorus");
      // Spring Security wraps the controller: the start happens inside its "secured request" span.
      ReceivedSpan start =
          childOf(trace, childOf(trace, http, "secured request"), "StartWorkflow:PipelineWorkflow");
      // A replay (a query of the ended run replays its history) repeats the workflow's spans, so
      // the
      // execution that dispatched is the RunWorkflow span with the dispatches under it.
      List<ReceivedSpan> startDispatches =
          childrenOf(
              trace,
              childrenOf(trace, start, "RunWorkflow:PipelineWorkflow"),
              "StartActivity:Dispatch");
      assertThat(startDispatches).as("dispatches of the run in %s", names(trace)).hasSize(2);
      for (ReceivedSpan startDispatch : startDispatches) {
        ReceivedSpan runDispatch = childOf(trace, startDispatch, "RunActivity:Dispatch");
        ReceivedSpan dispatch = childOf(trace, runDispatch, "dispatch test.echo");
        assertThat(dispatch.attributes()).containsEntry("chorus.run_id", runId);
        ReceivedSpan perform = childOf(trace, dispatch, "perform test.echo");
        assertThat(perform.service())
            .as("the agent's span comes from the agent process")
            .isEqualTo("chorus-agent-test.echo");
        ReceivedSpan signal = childOf(trace, perform, "signal reply");
        ReceivedSpan signalWorkflow = childOf(trace, signal, "SignalWorkflow:reply");
        assertThat(childrenOf(trace, signalWorkflow, "HandleSignal:reply"))
            .as("the signal handled by the workflow")
            .isNotEmpty();
      }
      assertLogLinesLeadToTheTrace(runId, traceId);
    }
  }

  /** The bridge's JSON log lines about the run's replies carry the run's id and its trace id. */
  private void assertLogLinesLeadToTheTrace(String runId, String traceId) throws Exception {
    List<String> lines =
        Files.readAllLines(stack.jsonLog).stream()
            .filter(line -> line.contains("signalled the reply") && line.contains(runId))
            .toList();
    assertThat(lines).as("JSON log lines of run %s in %s", runId, stack.jsonLog).hasSize(2);
    for (String line : lines) {
      assertThat(gateway.json(line))
          .as("a JSON object with the run's id in the MDC")
          .containsEntry("runId", runId);
      assertThat(line).as("the trace id in the line").contains(traceId);
    }
  }

  private String dispatchTraceId(String runId) {
    return stack.spans.spans().stream()
        .filter(
            s ->
                s.name().startsWith("dispatch ")
                    && runId.equals(s.attributes().get("chorus.run_id")))
        .map(ReceivedSpan::traceId)
        .findFirst()
        .orElse(null);
  }

  private static long count(List<ReceivedSpan> trace, String name) {
    return trace.stream().filter(s -> s.name().equals(name)).count();
  }

  private static ReceivedSpan only(
      List<ReceivedSpan> trace, java.util.function.Predicate<ReceivedSpan> which) {
    List<ReceivedSpan> found = trace.stream().filter(which).toList();
    assertThat(found).as("spans of the trace: %s", names(trace)).hasSize(1);
    return found.get(0);
  }

  private static ReceivedSpan childOf(List<ReceivedSpan> trace, ReceivedSpan parent, String name) {
    List<ReceivedSpan> children = childrenOf(trace, parent, name);
    assertThat(children).as("'%s' under '%s' in %s", name, parent.name(), names(trace)).hasSize(1);
    return children.get(0);
  }

  private static List<ReceivedSpan> childrenOf(
      List<ReceivedSpan> trace, ReceivedSpan parent, String name) {
    return childrenOf(trace, List.of(parent), name);
  }

  private static List<ReceivedSpan> childrenOf(
      List<ReceivedSpan> trace, List<ReceivedSpan> parents, String name) {
    List<String> ids = parents.stream().map(ReceivedSpan::spanId).toList();
    return trace.stream()
        .filter(s -> s.name().equals(name) && ids.contains(s.parentSpanId()))
        .toList();
  }

  private static List<String> names(List<ReceivedSpan> trace) {
    return trace.stream()
        .map(s -> s.service() + ":" + s.name() + "(" + s.spanId() + "<-" + s.parentSpanId() + ")")
        .toList();
  }
}
