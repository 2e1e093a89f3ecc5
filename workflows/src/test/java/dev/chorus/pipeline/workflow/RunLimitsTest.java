package dev.chorus.pipeline.workflow;

import static dev.chorus.pipeline.workflow.Steps.agent;
import static dev.chorus.pipeline.workflow.Steps.forEach;
import static dev.chorus.pipeline.workflow.Steps.pipeline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.pipeline.PipelineRun;
import dev.chorus.pipeline.PipelineWorkflow;
import dev.chorus.pipeline.RunLimits;
import dev.chorus.pipeline.StepStatus;
import dev.chorus.pipeline.model.PipelineDefinition;
import io.temporal.client.WorkflowFailedException;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A run's budget: an expression that needs more comprehension iterations than the run allows, or a
 * forEach over more items, fails its step with the reason, once, instead of retrying its workflow
 * task forever.
 */
class RunLimitsTest extends WorkflowTestSupport {

  private static final List<Integer> ITEMS = IntStream.range(0, 3_000).boxed().toList();

  @Test
  void aQuadraticExpressionOverALargeInputFailsItsStepWithTheReason() {
    PipelineDefinition definition =
        pipeline(
            "quadratic",
            agent(
                "pairs",
                "x",
                Map.of("pairs", "input.items.map(a, input.items.filter(b, b < a).size())")));
    ScriptedAgents agents = start(new ScriptedAgents(client, ScriptedAgents.echo()));
    PipelineWorkflow run = newRun("quadratic-expression");

    assertThatThrownBy(
            () ->
                run.run(
                    PipelineRun.of(definition, Map.of("items", ITEMS))
                        .limitedBy(new RunLimits(100_000, 10_000))))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .hasMessageContaining("more than 100000 comprehension iterations")
        .hasMessageContaining("chorus.pipelines.limits.max-expression-iterations");
    assertThat(agents.dispatched).isEmpty();
    var pairs =
        client
            .newWorkflowStub(PipelineWorkflow.class, "quadratic-expression")
            .state()
            .steps()
            .stream()
            .filter(s -> s.name().equals("pairs"))
            .findFirst()
            .orElseThrow();
    assertThat(pairs.status()).isEqualTo(StepStatus.FAILED);
  }

  @Test
  void withinTheBudgetTheSameExpressionRuns() {
    PipelineDefinition definition =
        pipeline(
            "small",
            agent("pairs", "x", Map.of("n", "input.items.map(a, input.items.filter(b, b < a))")));
    start(new ScriptedAgents(client, ScriptedAgents.echo()));

    var result =
        newRun("quadratic-small")
            .run(
                PipelineRun.of(definition, Map.of("items", List.of(1, 2, 3)))
                    .limitedBy(new RunLimits(100_000, 10_000)));
    assertThat(result.outputs()).containsKey("pairs");
  }

  @Test
  void aForEachOverMoreItemsThanAllowedFailsItsStep() {
    PipelineDefinition definition =
        pipeline("many", forEach("each", "input.items", 4, agent("one", "x")));
    ScriptedAgents agents = start(new ScriptedAgents(client, ScriptedAgents.echo()));

    assertThatThrownBy(
            () ->
                newRun("too-many-items")
                    .run(
                        PipelineRun.of(definition, Map.of("items", ITEMS))
                            .limitedBy(new RunLimits(100_000, 1_000))))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .hasMessageContaining("gave 3000 items; at most 1000")
        .hasMessageContaining("chorus.pipelines.limits.max-for-each-items");
    assertThat(agents.dispatched).isEmpty();
  }
}
