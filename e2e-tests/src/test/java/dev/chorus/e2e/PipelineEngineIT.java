package dev.chorus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chorus.protocol.Streams;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A definition with parallel, switch, wait and a saga on the real stack: the approval is signalled
 * through the gateway, shipping fails, and the charge and the reservation are undone in reverse
 * order. The run is then found through the state query and through {@code temporal workflow list}
 * with a search-attribute query.
 */
@ChorusE2E
class PipelineEngineIT {

  private final TestStack stack;

  PipelineEngineIT(TestStack stack) {
    this.stack = stack;
  }

  @Test
  void aSagaWaitsForApprovalThenCompensatesInReverseOrder() throws Exception {
    Gateway gateway = new Gateway(stack.gatewayUrl);
    StreamInspector streams = new StreamInspector(stack.redis);
    try (AgentProcess agents = stack.agents.echo("echo-e2e", "test.echo", "test.undo")) {
      String runId =
          gateway.start("order-saga", Map.of("input", Map.of("item", "book", "amount", 500)));

      await("the run waits for approval")
          .atMost(Duration.ofSeconds(60))
          .until(() -> Gateway.stepStatus(gateway.run(runId), "approval").equals("WAITING"));
      Map<String, Object> waiting = gateway.run(runId);
      assertThat(Gateway.stepStatus(waiting, "fraud")).isEqualTo("COMPLETED");
      assertThat(Gateway.stepStatus(waiting, "charge")).isEqualTo("COMPLETED");
      assertThat(Gateway.stepStatus(waiting, "auto")).isEqualTo("SKIPPED");

      gateway.signal(runId, "approve", Map.of("approved", true, "warehouse", "closed"));
      Map<String, Object> run = gateway.awaitEnd(runId, Duration.ofSeconds(60));

      assertThat(run.get("status")).isEqualTo("FAILED");
      assertThat((String) run.get("failure"))
          .contains("step 'ship' (test.echo)")
          .contains("Refused: asked to fail");
      assertThat(run.get("compensated")).isEqualTo(List.of("charge", "reserve"));
      assertThat(Gateway.stepStatus(run, "ship")).isEqualTo("FAILED");
      assertThat(Gateway.stepStatus(run, "charge")).isEqualTo("COMPENSATED");
      assertThat(Gateway.stepStatus(run, "reserve")).isEqualTo("COMPENSATED");
      assertThat(streams.entriesOf(Streams.tasks("test.undo", 1), runId))
          .extracting(entry -> entry.getBody().get("step"))
          .containsExactly("charge~compensate", "reserve~compensate");

      await("the run is listed by its search attributes")
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  stack
                      .temporalList("ChorusPipeline='order-saga' AND ExecutionStatus='Failed'")
                      .contains(runId));
    }
  }
}
