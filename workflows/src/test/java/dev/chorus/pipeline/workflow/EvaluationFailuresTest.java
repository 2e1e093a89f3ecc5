package dev.chorus.pipeline.workflow;

import static dev.chorus.pipeline.workflow.Steps.agent;
import static dev.chorus.pipeline.workflow.Steps.forEach;
import static dev.chorus.pipeline.workflow.Steps.pipeline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.pipeline.PipelineResult;
import dev.chorus.pipeline.PipelineRun;
import dev.chorus.pipeline.PipelineWorkflow;
import dev.chorus.pipeline.RunStatus;
import dev.chorus.pipeline.StepState;
import dev.chorus.pipeline.StepStatus;
import dev.chorus.pipeline.TaskQueues;
import dev.chorus.pipeline.model.AgentStep;
import dev.chorus.pipeline.model.OnError;
import dev.chorus.pipeline.model.PipelineDefinition;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An expression that fails while the run evaluates it fails its step with the reason, for the
 * step's onError to handle; it never leaves the run retrying a workflow task for ever.
 */
class EvaluationFailuresTest extends WorkflowTestSupport {

  @Test
  void anInputMappingThatFailsInsideAForEachItemFailsTheStepWithTheReason() {
    PipelineDefinition definition =
        pipeline(
            "item-mapping",
            forEach("each", "[{'a': 1}]", 1, agent("x", "cap", Map.of("v", "item.missing"))));
    start(new ScriptedAgents(client, ScriptedAgents.echo()));
    PipelineWorkflow run = bounded("item-mapping");

    assertThatThrownBy(() -> run.run(PipelineRun.of(definition, Map.of())))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .hasMessageContaining("expression 'item.missing'");
    StepState x = stepNamed(run.state(), "each[0]/x");
    assertThat(x.status()).isEqualTo(StepStatus.FAILED);
    assertThat(x.error()).contains("expression 'item.missing'").contains("not present");
  }

  @Test
  void aValueJsonCannotCarryFailsTheStepAndItsOnErrorDecides() {
    AgentStep bytes =
        new AgentStep(
            "bytes",
            "cap",
            null,
            null,
            Map.of("v", "b'ab'"),
            Steps.FAST,
            "5s",
            null,
            null,
            null,
            OnError.CONTINUE,
            null,
            null);
    PipelineDefinition definition =
        pipeline(
            "bytes",
            bytes,
            agent("when", "cap", Map.of("at", "timestamp('2020-01-01T00:00:00Z')")));
    ScriptedAgents agents = start(new ScriptedAgents(client, ScriptedAgents.echo()));
    PipelineWorkflow run = bounded("bytes");

    PipelineResult result = run.run(PipelineRun.of(definition, Map.of()));

    assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(stepNamed(run.state(), "bytes").error())
        .contains("expression 'b'ab''")
        .contains("which JSON cannot carry");
    // A timestamp travels as ISO-8601 text.
    assertThat(agents.dispatched)
        .singleElement()
        .satisfies(t -> assertThat(t.input()).isEqualTo(Map.of("at", "2020-01-01T00:00:00Z")));
  }

  /** A run that, stuck, times out instead of hanging the test. */
  private PipelineWorkflow bounded(String workflowId) {
    return client.newWorkflowStub(
        PipelineWorkflow.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(workflowId)
            .setTaskQueue(TaskQueues.PIPELINES)
            .setWorkflowExecutionTimeout(Duration.ofMinutes(10))
            .build());
  }
}
