package dev.chorus.pipeline.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.pipeline.AgentReply;
import io.temporal.client.WorkflowFailedException;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Promise;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Agents} used from a hand-written workflow, the way users who prefer code use it. */
class AgentsAsCodeTest extends WorkflowTestSupport {

  @WorkflowInterface
  public interface OrderWorkflow {
    @WorkflowMethod
    Map<String, Object> order(Map<String, Object> input);

    @SignalMethod(name = Agents.REPLY_SIGNAL)
    void reply(AgentReply reply);
  }

  public static class OrderWorkflowImpl implements OrderWorkflow {
    private final Agents agents = Agents.newInstance();

    @Override
    public Map<String, Object> order(Map<String, Object> input) {
      AgentCallOptions quick =
          AgentCallOptions.of("unused", "x")
              .withRetry(
                  RetryOptions.newBuilder()
                      .setInitialInterval(Duration.ofSeconds(1))
                      .setMaximumAttempts(2)
                      .build())
              .withTimeouts(Duration.ofSeconds(5), null);
      try {
        Promise<Map<String, Object>> stock =
            agents.call(
                named(quick, "reserve", "stock.reserve").withCompensation("stock.release"), input);
        Promise<Map<String, Object>> price =
            agents.call(
                named(quick, "price", "pricing.quote").withFallback("pricing.default"), input);
        Promise.allOf(stock, price).get();
        agents.execute(named(quick, "charge", "payment.charge"), price.get());
        Map<String, Object> result = new LinkedHashMap<>(stock.get());
        result.putAll(price.get());
        return result;
      } catch (ApplicationFailure failure) {
        agents.compensate();
        throw failure;
      }
    }

    @Override
    public void reply(AgentReply reply) {
      agents.accept(reply);
    }

    private static AgentCallOptions named(AgentCallOptions base, String step, String capability) {
      return new AgentCallOptions(
          step,
          capability,
          null,
          null,
          base.retry(),
          base.attemptTimeout(),
          base.totalTimeout(),
          null,
          null,
          null);
    }
  }

  @Test
  void callsRunInParallelAndFallBackAsPipelinesDo() {
    ScriptedAgents agents =
        start(
            new ScriptedAgents(client, ScriptedAgents.echo())
                .always("price", ScriptedAgents.error("quote service down", true))
                .always("price~fallback", ScriptedAgents.answer(Map.of("price", 10))),
            OrderWorkflowImpl.class);

    Map<String, Object> result =
        newStub(OrderWorkflow.class, "code-ok").order(Map.of("item", "book"));

    assertThat(result).containsEntry("price", 10).containsEntry("step", "reserve");
    assertThat(agents.steps()).contains("reserve", "price", "price~fallback", "charge");
    assertThat(agents.dispatched)
        .filteredOn(t -> t.step().equals("charge"))
        .singleElement()
        .satisfies(t -> assertThat(t.input()).isEqualTo(Map.of("price", 10)));
  }

  @Test
  void aFailedCallCompensatesTheCallsThatCompleted() {
    ScriptedAgents agents =
        start(
            new ScriptedAgents(client, ScriptedAgents.echo())
                .always("charge", ScriptedAgents.error("card declined", false)),
            OrderWorkflowImpl.class);

    assertThatThrownBy(
            () -> newStub(OrderWorkflow.class, "code-compensates").order(Map.of("item", "book")))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .hasMessageContaining("card declined");
    assertThat(agents.steps()).endsWith("charge", "reserve~compensate");
    assertThat(agents.dispatched.get(agents.dispatched.size() - 1).capability())
        .isEqualTo("stock.release");
  }
}
