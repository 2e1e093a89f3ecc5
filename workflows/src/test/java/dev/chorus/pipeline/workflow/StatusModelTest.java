package dev.chorus.pipeline.workflow;

import static dev.chorus.pipeline.workflow.Steps.agent;
import static dev.chorus.pipeline.workflow.Steps.child;
import static dev.chorus.pipeline.workflow.Steps.compensated;
import static dev.chorus.pipeline.workflow.Steps.pipeline;
import static dev.chorus.pipeline.workflow.Steps.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.chorus.pipeline.AgentReply;
import dev.chorus.pipeline.AgentTask;
import dev.chorus.pipeline.PipelineResult;
import dev.chorus.pipeline.PipelineRun;
import dev.chorus.pipeline.PipelineWorkflow;
import dev.chorus.pipeline.RunEvent;
import dev.chorus.pipeline.RunState;
import dev.chorus.pipeline.RunStatus;
import dev.chorus.pipeline.StepStatus;
import dev.chorus.pipeline.model.OnError;
import dev.chorus.pipeline.model.PipelineDefinition;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.CanceledFailure;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The state query, the ChorusStatus search attribute and the run-finished event (which the metrics
 * count) tell the same status for every way a run ends.
 */
class StatusModelTest extends WorkflowTestSupport {

  @Test
  void aFailedRunWhoseUndoFailedIsCompensationFailedEverywhereAndStillFailsInTemporal() {
    PipelineDefinition definition =
        pipeline(
            "undo-fails",
            compensated("a", "book", "unbook"),
            Steps.onError("b", "charge", OnError.FAIL),
            agent("never", "ship"));
    ScriptedAgents agents =
        start(
            new ScriptedAgents(client, ScriptedAgents.echo())
                .always("b", ScriptedAgents.error("card declined", false))
                .always("a~compensate", ScriptedAgents.error("hotel closed", false)));
    PipelineWorkflow run = newRun("undo-fails");

    assertThatThrownBy(() -> run.run(PipelineRun.of(definition, Map.of())))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .hasMessageContaining("card declined");

    RunState state = run.state();
    assertThat(state.status()).isEqualTo(RunStatus.COMPENSATION_FAILED);
    assertThat(chorusStatus("undo-fails")).isEqualTo("COMPENSATION_FAILED");
    RunEvent finished = finished(agents);
    assertThat(finished.status()).isEqualTo("COMPENSATION_FAILED");
    assertThat(finished.detail())
        .startsWith("failed: step 'b' (charge)")
        .contains("compensation failed for a: ")
        .contains("hotel closed");
    assertThat(stepNamed(state, "never").status()).isEqualTo(StepStatus.SKIPPED);
  }

  @Test
  void anOnErrorCompensateRunWhoseUndoFailedCompletesAsCompensationFailed() {
    PipelineDefinition definition =
        pipeline(
            "planned-undo-fails",
            compensated("a", "book", "unbook"),
            Steps.onError("b", "charge", OnError.COMPENSATE));
    ScriptedAgents agents =
        start(
            new ScriptedAgents(client, ScriptedAgents.echo())
                .always("b", ScriptedAgents.error("card declined", false))
                .always("a~compensate", ScriptedAgents.error("hotel closed", false)));
    PipelineWorkflow run = newRun("planned-undo-fails");

    PipelineResult result = run.run(PipelineRun.of(definition, Map.of()));

    assertThat(result.status()).isEqualTo(RunStatus.COMPENSATION_FAILED);
    assertThat(run.state().status()).isEqualTo(RunStatus.COMPENSATION_FAILED);
    assertThat(chorusStatus("planned-undo-fails")).isEqualTo("COMPENSATION_FAILED");
    assertThat(finished(agents).status()).isEqualTo("COMPENSATION_FAILED");
    assertThat(finished(agents).detail()).startsWith("compensated after: step 'b' (charge)");
  }

  @Test
  void aCancelledParentWithAChildInFlightIsCancelledEverywhere() {
    PipelineDefinition inner = pipeline("inner", waitFor("hold", "go", null, null));
    PipelineDefinition outer =
        pipeline("outer", agent("first", "a"), child("sub", "inner"), agent("after", "b"));
    ScriptedAgents agents = start(new ScriptedAgents(client, ScriptedAgents.echo()));
    PipelineWorkflow run = newRun("cancel-with-child");
    WorkflowClient.start(run::run, PipelineRun.of(outer, Map.of(), Map.of("inner", inner)));
    PipelineWorkflow child =
        client.newWorkflowStub(PipelineWorkflow.class, "cancel-with-child/sub");
    await()
        .ignoreExceptions()
        .until(() -> stepNamed(child.state(), "hold").status() == StepStatus.WAITING);

    WorkflowStub.fromTyped(run).cancel();
    // Waiting on the result would let the test server skip time while the child's cancellation is
    // still on its way, until the parent's execution timeout; nothing here needs time to pass.
    await()
        .until(
            () ->
                WorkflowStub.fromTyped(run).describe().getStatus()
                    != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);

    assertThatThrownBy(() -> WorkflowStub.fromTyped(run).getResult(PipelineResult.class))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .isInstanceOf(CanceledFailure.class);
    RunState state = run.state();
    assertThat(state.status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(stepNamed(state, "sub").status()).isEqualTo(StepStatus.CANCELLED);
    assertThat(stepNamed(state, "after").status()).isEqualTo(StepStatus.SKIPPED);
    assertThat(chorusStatus("cancel-with-child")).isEqualTo("CANCELLED");
    assertThat(finished(agents).status()).isEqualTo("CANCELLED");
    assertThat(agents.steps()).doesNotContain("after");
  }

  @Test
  void compensatingShowsInTheSearchAttributeWhileTheUndoRuns() {
    PipelineDefinition definition =
        pipeline(
            "slow-undo",
            new dev.chorus.pipeline.model.AgentStep(
                "a",
                "book",
                null,
                null,
                null,
                Steps.FAST,
                "1h",
                null,
                null,
                "unbook",
                null,
                null,
                null),
            waitFor("approval", "approve", null, null));
    ScriptedAgents agents =
        start(
            new ScriptedAgents(client, ScriptedAgents.echo())
                .always("a~compensate", ScriptedAgents.silence()));
    PipelineWorkflow run = newRun("slow-undo");
    WorkflowClient.start(run::run, PipelineRun.of(definition, Map.of()));
    await()
        .ignoreExceptions()
        .until(() -> stepNamed(run.state(), "approval").status() == StepStatus.WAITING);

    WorkflowStub.fromTyped(run).cancel();

    await().atMost(Duration.ofSeconds(30)).until(() -> agents.steps().contains("a~compensate"));
    assertThat(chorusStatus("slow-undo")).isEqualTo("COMPENSATING");
    assertThat(run.state().status()).isEqualTo(RunStatus.COMPENSATING);
    AgentTask undo =
        agents.dispatched.stream()
            .filter(t -> t.step().equals("a~compensate"))
            .findFirst()
            .orElseThrow();
    client
        .newUntypedWorkflowStub("slow-undo")
        .signal(
            PipelineWorkflow.REPLY_SIGNAL,
            new AgentReply(
                undo.taskId(),
                undo.dispatchId(),
                "agent-unbook",
                true,
                Map.of(),
                null,
                false,
                null));
    assertThatThrownBy(() -> WorkflowStub.fromTyped(run).getResult(PipelineResult.class))
        .isInstanceOf(WorkflowFailedException.class);
    assertThat(chorusStatus("slow-undo")).isEqualTo("CANCELLED");
  }
}
