package dev.chorus.pipeline.workflow;

import static dev.chorus.pipeline.workflow.Steps.branch;
import static dev.chorus.pipeline.workflow.Steps.child;
import static dev.chorus.pipeline.workflow.Steps.compensated;
import static dev.chorus.pipeline.workflow.Steps.forEach;
import static dev.chorus.pipeline.workflow.Steps.parallel;
import static dev.chorus.pipeline.workflow.Steps.pipeline;
import static dev.chorus.pipeline.workflow.Steps.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.chorus.pipeline.AgentTask;
import dev.chorus.pipeline.PipelineResult;
import dev.chorus.pipeline.PipelineRun;
import dev.chorus.pipeline.PipelineWorkflow;
import dev.chorus.pipeline.RunState;
import dev.chorus.pipeline.RunStatus;
import dev.chorus.pipeline.StepStatus;
import dev.chorus.pipeline.model.OnError;
import dev.chorus.pipeline.model.PipelineDefinition;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A saga undoes everything its run did, in one reverse order, whatever the steps' kinds. */
class SagaOrderTest extends WorkflowTestSupport {

  @Test
  void aStepOnTheWireWhenTheRunIsCancelledIsCompensatedToo() {
    PipelineDefinition definition =
        pipeline(
            "in-flight", compensated("a", "book", "unbook"), compensated("b", "charge", "refund"));
    ScriptedAgents agents =
        start(
            new ScriptedAgents(client, ScriptedAgents.echo())
                .always("b", ScriptedAgents.silence()));
    PipelineWorkflow run = newRun("saga-in-flight");
    WorkflowClient.start(run::run, PipelineRun.of(definition, Map.of("order", 7)));
    // Its task written, not merely about to be: with the dispatch activity still running, the
    // test server refuses the cancellation of an activity that completes meanwhile, and the run
    // would never get past it.
    await()
        .ignoreExceptions()
        .until(
            () ->
                stepNamed(run.state(), "b").status() == StepStatus.DISPATCHED
                    && noActivityRuns("saga-in-flight"));

    WorkflowStub.fromTyped(run).cancel();

    assertThatThrownBy(() -> WorkflowStub.fromTyped(run).getResult(PipelineResult.class))
        .isInstanceOf(WorkflowFailedException.class);
    assertThat(agents.steps()).containsExactly("a", "b", "b~compensate", "a~compensate");
    AgentTask refund = task(agents, "b~compensate");
    AgentTask charge = task(agents, "b");
    Map<String, Object> expected = new HashMap<>();
    expected.put("input", Map.of("order", 7));
    expected.put("output", null);
    expected.put("taskId", charge.taskId());
    assertThat(refund.input()).isEqualTo(expected);
    RunState state = run.state();
    assertThat(state.status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(state.compensated()).containsExactly("b", "a");
  }

  @Test
  void aCompletedChildsStepsAreUndoneWithTheParentsInOneReverseOrder() {
    PipelineDefinition inner =
        pipeline(
            "inner", compensated("c1", "reserve", "release"), compensated("c2", "hold", "unhold"));
    PipelineDefinition outer =
        pipeline(
            "outer",
            compensated("a", "book", "unbook"),
            forEach("each", "[1, 2]", 1, compensated("x", "charge", "refund")),
            child("sub", "inner"),
            Steps.onError("last", "ship", OnError.FAIL));
    ScriptedAgents agents =
        start(
            new ScriptedAgents(client, ScriptedAgents.echo())
                .always("last", ScriptedAgents.error("no truck", false)));
    PipelineWorkflow run = newRun("saga-order");

    assertThatThrownBy(() -> run.run(PipelineRun.of(outer, Map.of(), Map.of("inner", inner))))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .hasMessageContaining("no truck");

    List<String> undone = List.of("sub/c2", "sub/c1", "each[1]/x", "each[0]/x", "a");
    assertThat(run.state().compensated()).containsExactlyElementsOf(undone);
    assertThat(agents.steps().stream().filter(s -> s.endsWith("~compensate")).toList())
        .containsExactlyElementsOf(undone.stream().map(s -> s + "~compensate").toList());
    assertThat(task(agents, "sub/c2~compensate").capability()).isEqualTo("unhold");
    assertThat(task(agents, "sub/c2~compensate").input())
        .containsEntry("taskId", task(agents, "c2").taskId());
    assertThat(stepNamed(run.state(), "sub/c1").status()).isEqualTo(StepStatus.COMPENSATED);
  }

  @Test
  void parallelBranchesAreUndoneInReverseOrderOfCompletion() {
    PipelineDefinition definition =
        pipeline(
            "branches",
            parallel(
                "both",
                "all",
                null,
                branch("late", waitFor("go", "go", null, null), compensated("b1", "one", "undo1")),
                branch("early", compensated("b2", "two", "undo2"))),
            Steps.onError("last", "ship", OnError.FAIL));
    ScriptedAgents agents =
        start(
            new ScriptedAgents(client, ScriptedAgents.echo())
                .always("last", ScriptedAgents.error("no truck", false)));
    PipelineWorkflow run = newRun("saga-branches");
    WorkflowClient.start(run::run, PipelineRun.of(definition, Map.of()));
    await()
        .ignoreExceptions()
        .until(() -> stepNamed(run.state(), "b2").status() == StepStatus.COMPLETED);

    client.newUntypedWorkflowStub("saga-branches").signal("go", Map.of());

    assertThatThrownBy(() -> WorkflowStub.fromTyped(run).getResult(PipelineResult.class))
        .isInstanceOf(WorkflowFailedException.class);
    assertThat(run.state().compensated()).containsExactly("b1", "b2");
  }

  private static AgentTask task(ScriptedAgents agents, String step) {
    synchronized (agents.dispatched) {
      return agents.dispatched.stream()
          .filter(t -> t.step().equals(step))
          .findFirst()
          .orElseThrow();
    }
  }

  private boolean noActivityRuns(String workflowId) {
    List<HistoryEvent> events = client.fetchHistory(workflowId).getEvents();
    long scheduled =
        events.stream().filter(HistoryEvent::hasActivityTaskScheduledEventAttributes).count();
    long ended =
        events.stream()
            .filter(
                e ->
                    e.hasActivityTaskCompletedEventAttributes()
                        || e.hasActivityTaskFailedEventAttributes()
                        || e.hasActivityTaskTimedOutEventAttributes())
            .count();
    return scheduled == ended;
  }
}
