package dev.chorus.pipeline.workflow;

import static dev.chorus.pipeline.workflow.Steps.agent;
import static dev.chorus.pipeline.workflow.Steps.branch;
import static dev.chorus.pipeline.workflow.Steps.compensated;
import static dev.chorus.pipeline.workflow.Steps.parallel;
import static dev.chorus.pipeline.workflow.Steps.pipeline;
import static dev.chorus.pipeline.workflow.Steps.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.pipeline.AgentTask;
import dev.chorus.pipeline.PipelineResult;
import dev.chorus.pipeline.PipelineRun;
import dev.chorus.pipeline.PipelineWorkflow;
import dev.chorus.pipeline.RunState;
import dev.chorus.pipeline.RunStatus;
import dev.chorus.pipeline.StepStatus;
import dev.chorus.pipeline.model.AgentStep;
import dev.chorus.pipeline.model.OnError;
import dev.chorus.pipeline.model.PipelineDefinition;
import dev.chorus.pipeline.model.RetryPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.CanceledFailure;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Retries, timeouts, fallbacks, onError and sagas on the time-skipping test server. */
class FailureHandlingTest extends WorkflowTestSupport {

  @Test
  void retriesBackOffByTheCoefficientUpToTheMaximumInterval() {
    RetryPolicy policy = new RetryPolicy("2s", 3.0, "10s", 5, null);
    PipelineDefinition definition =
        pipeline("backoff", Steps.withRetry("flaky", "f", policy, "5s", null));
    ScriptedAgents agents =
        start(
            new ScriptedAgents(client, ScriptedAgents.error("busy", true))
                .on("flaky", 5, ScriptedAgents.answer(Map.of("ok", true))));

    newRun("backoff").run(PipelineRun.of(definition, Map.of()));

    // Replies come at once, so the gaps between dispatches are the back-off (2s, 6s, then 10s,
    // capped)
    // plus the few real milliseconds each dispatch activity takes, which the test server does not
    // skip.
    List<Long> sent = agents.dispatched.stream().map(t -> t.deadlineMillis() - 5_000).toList();
    assertThat(sent).hasSize(5);
    long[] backoff = {2_000, 6_000, 10_000, 10_000};
    for (int i = 0; i < backoff.length; i++) {
      assertThat(sent.get(i + 1) - sent.get(i))
          .as("pause before attempt %d", i + 2)
          .isBetween(backoff[i], backoff[i] + 900);
    }
  }

  @Test
  void anErrorTypeTheRetryPolicyNamesIsNeverRetried() {
    RetryPolicy policy = new RetryPolicy("1s", 2.0, "10s", 5, List.of("InvalidInput"));
    PipelineDefinition definition =
        pipeline("types", Steps.withRetry("parse", "p", policy, "5s", null));
    ScriptedAgents agents =
        start(new ScriptedAgents(client, ScriptedAgents.error("InvalidInput: no text", true)));
    PipelineWorkflow run = newRun("non-retryable-type");

    assertThatThrownBy(() -> run.run(PipelineRun.of(definition, Map.of())))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .hasMessageContaining("InvalidInput is not retried");
    assertThat(agents.dispatched).hasSize(1);
  }

  @Test
  void theTotalTimeoutEndsRetriesBeforeTheAttemptsRunOut() {
    RetryPolicy policy = new RetryPolicy("1s", 1.0, "1s", 0, null);
    PipelineDefinition definition =
        pipeline("total", Steps.withRetry("slow", "s", policy, "5s", "14s"));
    ScriptedAgents agents = start(new ScriptedAgents(client, ScriptedAgents.silence()));
    PipelineWorkflow run = newRun("total-timeout");

    assertThatThrownBy(() -> run.run(PipelineRun.of(definition, Map.of())))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .hasMessageContaining("total timeout of PT14S passed");
    // 5s wait + 1s pause, three times, reach 14s during the third attempt, whose deadline is cut to
    // it.
    assertThat(agents.dispatched).hasSize(3);
    long start = agents.dispatched.get(0).deadlineMillis() - 5_000;
    assertThat(agents.dispatched.get(2).deadlineMillis() - start).isEqualTo(14_000L);
  }

  @Test
  void anExhaustedStepFallsBackToItsFallbackCapability() {
    PipelineDefinition definition =
        pipeline("fallback", Steps.withFallback("summary", "llm.large", "llm.small"));
    ScriptedAgents agents =
        start(
            new ScriptedAgents(client, ScriptedAgents.echo())
                .always("summary", ScriptedAgents.error("overloaded", true)));
    PipelineWorkflow run = newRun("fallback");

    PipelineResult result = run.run(PipelineRun.of(definition, Map.of()));

    assertThat(agents.dispatched)
        .extracting(AgentTask::capability)
        .containsExactly("llm.large", "llm.large", "llm.large", "llm.small");
    assertThat(result.outputs().get("summary")).containsEntry("step", "summary~fallback");
    assertThat(stepNamed(run.state(), "summary").agentId()).isEqualTo("agent-llm.small");
  }

  @Test
  void onErrorContinueRecordsTheFailureAndRunsOn() {
    PipelineDefinition definition =
        pipeline(
            "lenient",
            Steps.onError("optional", "o", OnError.CONTINUE),
            agent("next", "n", Map.of("why", "steps.optional.output.error")));
    ScriptedAgents agents =
        start(
            new ScriptedAgents(client, ScriptedAgents.echo())
                .always("optional", ScriptedAgents.error("gone", false)));
    PipelineWorkflow run = newRun("continue");

    PipelineResult result = run.run(PipelineRun.of(definition, Map.of()));

    assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat((String) agents.dispatched.get(1).input().get("why"))
        .contains("agent agent-o failed it: gone");
    assertThat(stepNamed(run.state(), "optional").status()).isEqualTo(StepStatus.FAILED);
  }

  @Test
  void aFailureInAParallelBranchCompensatesCompletedStepsInReverseOrder() {
    AgentStep declines =
        Steps.withRetry("b2", "pay", new RetryPolicy("1s", 2.0, "10s", 1, null), "5s", null);
    PipelineDefinition definition =
        pipeline(
            "saga",
            compensated("a", "book", "unbook"),
            parallel(
                "both",
                "all",
                null,
                branch("one", compensated("b1", "charge", "refund")),
                branch("two", declines)),
            compensated("never", "ship", "unship"));
    // The branch fails by its agent's answer, not by its step timer: with the timer, Temporal's
    // test
    // server now and then refused the workflow task that compensates ("invalid history builder
    // state
    // for action") and the run stalled. Step timeouts have their own tests.
    ScriptedAgents agents =
        start(
            new ScriptedAgents(client, ScriptedAgents.echo())
                .always("b2", ScriptedAgents.error("card declined", false)));
    PipelineWorkflow run = newRun("saga-parallel");

    assertThatThrownBy(() -> run.run(PipelineRun.of(definition, Map.of("order", 7))))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .hasMessageContaining("step 'b2' (pay)")
        .hasMessageContaining("card declined");

    // Whether b1 finished before b2's refusal cancelled it is up to the two agents' timing: a
    // finished b1
    // is compensated first, then a; an unfinished one is cancelled and has nothing to undo.
    RunState state = run.state();
    boolean b1Finished = stepNamed(state, "b1").status() == StepStatus.COMPENSATED;
    assertThat(state.status()).isEqualTo(RunStatus.FAILED);
    assertThat(state.compensated())
        .containsExactlyElementsOf(b1Finished ? List.of("b1", "a") : List.of("a"));
    assertThat(agents.steps()).endsWith("a~compensate").doesNotContain("never", "never~compensate");
    if (b1Finished) {
      AgentTask refund =
          agents.dispatched.stream()
              .filter(t -> t.step().equals("b1~compensate"))
              .findFirst()
              .orElseThrow();
      assertThat(refund.capability()).isEqualTo("refund");
      assertThat(refund.input()).containsEntry("input", Map.of("order", 7)).containsKey("output");
    } else {
      assertThat(agents.steps()).doesNotContain("b1~compensate");
    }
    assertThat(stepNamed(state, "a").status()).isEqualTo(StepStatus.COMPENSATED);
  }

  @Test
  void aCompensationThatFailsIsReportedAndTheOthersStillRun() {
    PipelineDefinition definition =
        pipeline(
            "saga-report",
            compensated("a", "book", "unbook"),
            compensated("b", "charge", "refund"),
            Steps.onError("c", "fails", OnError.COMPENSATE));
    start(
        new ScriptedAgents(client, ScriptedAgents.echo())
            .always("c", ScriptedAgents.error("no stock", false))
            .always("b~compensate", ScriptedAgents.error("bank closed", false)));
    PipelineWorkflow run = newRun("saga-compensate");

    PipelineResult result = run.run(PipelineRun.of(definition, Map.of()));

    // Someone has to look at b: the run is not reported as cleanly undone.
    assertThat(result.status()).isEqualTo(RunStatus.COMPENSATION_FAILED);
    assertThat(result.compensated()).containsExactly("a");
    assertThat(result.compensationFailures())
        .singleElement()
        .asString()
        .startsWith("b: ")
        .contains("bank closed");
    RunState state = run.state();
    assertThat(state.status()).isEqualTo(RunStatus.COMPENSATION_FAILED);
    assertThat(stepNamed(state, "b").status()).isEqualTo(StepStatus.COMPENSATION_FAILED);
  }

  @Test
  void cancellingARunCompensatesWhatItCompleted() {
    PipelineDefinition definition =
        pipeline(
            "cancel",
            compensated("a", "book", "unbook"),
            compensated("b", "charge", "refund"),
            waitFor("approval", "approve", null, null));
    ScriptedAgents agents = start(new ScriptedAgents(client, ScriptedAgents.echo()));
    PipelineWorkflow run = newRun("saga-cancel");
    WorkflowClient.start(run::run, PipelineRun.of(definition, Map.of()));
    WorkflowStub stub = WorkflowStub.fromTyped(run);
    org.awaitility.Awaitility.await()
        .until(
            () ->
                run.state() != null
                    && stepNamed(run.state(), "approval").status() == StepStatus.WAITING);

    stub.cancel();

    assertThatThrownBy(() -> stub.getResult(PipelineResult.class))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .isInstanceOf(CanceledFailure.class);
    assertThat(agents.steps()).containsExactly("a", "b", "b~compensate", "a~compensate");
    RunState state = run.state();
    assertThat(state.status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(state.compensated()).containsExactly("b", "a");
    assertThat(stepNamed(state, "approval").status()).isEqualTo(StepStatus.CANCELLED);
  }
}
