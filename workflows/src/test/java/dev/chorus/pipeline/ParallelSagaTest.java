package dev.chorus.pipeline;

import static dev.chorus.pipeline.Steps.branch;
import static dev.chorus.pipeline.Steps.compensated;
import static dev.chorus.pipeline.Steps.parallel;
import static dev.chorus.pipeline.Steps.pipeline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.pipeline.model.AgentStep;
import dev.chorus.pipeline.model.PipelineDefinition;
import dev.chorus.pipeline.model.RetryPolicy;
import io.temporal.client.WorkflowFailedException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A saga across parallel branches, on a test server that does not skip time. With time skipping, the
 * branch's step timer firing while the other branch's reply signal arrived sometimes made the test
 * server refuse a workflow task ("invalid history builder state for action", temporalio/sdk-java#2606)
 * and the run never got another; real time costs this test five seconds and removes that race.
 */
class ParallelSagaTest extends WorkflowTestSupport {

  @Override
  protected boolean skipsTime() {
    return false;
  }

  @Test
  void aFailureInAParallelBranchCompensatesCompletedStepsInReverseOrder() {
    AgentStep hangs = Steps.withRetry("b2", "hangs", new RetryPolicy("1s", 2.0, "10s", 1, null), "5s", null);
    PipelineDefinition definition = pipeline("saga",
        compensated("a", "book", "unbook"),
        parallel("both", "all", null,
            branch("one", compensated("b1", "charge", "refund")),
            branch("two", hangs)),
        compensated("never", "ship", "unship"));
    ScriptedAgents agents = start(new ScriptedAgents(client, ScriptedAgents.echo()).always("b2", ScriptedAgents.silence()));
    PipelineWorkflow run = newRun("saga-parallel");

    assertThatThrownBy(() -> run.run(PipelineRun.of(definition, Map.of("order", 7))))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .hasMessageContaining("step 'b2' (hangs): no successful reply after 1 attempts");

    assertThat(agents.steps()).containsSubsequence("b1~compensate", "a~compensate").doesNotContain("never", "never~compensate");
    AgentTask refund = agents.dispatched.stream().filter(t -> t.step().equals("b1~compensate")).findFirst().orElseThrow();
    assertThat(refund.capability()).isEqualTo("refund");
    assertThat(refund.input()).containsEntry("input", Map.of("order", 7)).containsKey("output");
    RunState state = run.state();
    assertThat(state.status()).isEqualTo(RunStatus.FAILED);
    assertThat(state.compensated()).containsExactly("b1", "a");
    assertThat(stepNamed(state, "a").status()).isEqualTo(StepStatus.COMPENSATED);
  }
}
