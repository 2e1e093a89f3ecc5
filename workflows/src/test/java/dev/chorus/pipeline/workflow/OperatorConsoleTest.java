package dev.chorus.pipeline.workflow;

import static dev.chorus.pipeline.workflow.Steps.agent;
import static dev.chorus.pipeline.workflow.Steps.child;
import static dev.chorus.pipeline.workflow.Steps.pipeline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.chorus.pipeline.AgentReply;
import dev.chorus.pipeline.AgentTask;
import dev.chorus.pipeline.PipelineResult;
import dev.chorus.pipeline.PipelineRun;
import dev.chorus.pipeline.PipelineWorkflow;
import dev.chorus.pipeline.model.OnError;
import dev.chorus.pipeline.model.PipelineDefinition;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.sdk.v1.WorkflowMetadata;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.common.converter.DefaultDataConverter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the Temporal UI shows of a run: summaries, the step table, the input, the failure. */
class OperatorConsoleTest extends WorkflowTestSupport {

  @Test
  void aReplyCancelsItsStepsTimerInsteadOfLettingItFireLater() {
    PipelineDefinition definition =
        pipeline("timers", agent("a", "slow"), Steps.onError("b", "mute", OnError.CONTINUE));
    ScriptedAgents agents = start(new ScriptedAgents(client, ScriptedAgents.silence()));
    PipelineWorkflow run = newRun("timers");
    WorkflowClient.start(run::run, PipelineRun.of(definition, Map.of()));
    // The reply comes after the step's timer started, as from a real agent.
    await()
        .ignoreExceptions()
        .until(
            () ->
                client.fetchHistory("timers").getEvents().stream()
                    .anyMatch(e -> e.getEventType() == EventType.EVENT_TYPE_TIMER_STARTED));
    AgentTask a = agents.dispatched.get(0);
    client
        .newUntypedWorkflowStub("timers")
        .signal(
            PipelineWorkflow.REPLY_SIGNAL,
            new AgentReply(
                a.taskId(), a.dispatchId(), "agent-slow", true, Map.of(), null, false, null));

    WorkflowStub.fromTyped(run).getResult(PipelineResult.class);

    List<HistoryEvent> events = client.fetchHistory("timers").getEvents();
    // Only b's timer, which no reply ended, fires; a's is cancelled when its reply arrives.
    assertThat(events)
        .filteredOn(e -> e.getEventType() == EventType.EVENT_TYPE_TIMER_FIRED)
        .hasSize(1);
    assertThat(events)
        .filteredOn(e -> e.getEventType() == EventType.EVENT_TYPE_TIMER_CANCELED)
        .hasSize(1);
    assertThat(summaries(events, EventType.EVENT_TYPE_TIMER_STARTED))
        .containsExactly("a → slow, attempt 1, 5 s", "b → mute, attempt 1, 5 s");
    assertThat(summaries(events, EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED))
        .contains("a → slow, attempt 1", "b → mute, attempt 1", "run.finished COMPLETED");
  }

  @Test
  void theRunsDetailsShowItsStepTableAndChildrenTheirPipeline() {
    PipelineDefinition inner = pipeline("inner", agent("c", "deep"));
    PipelineDefinition outer = pipeline("outer", agent("a", "fast"), child("sub", "inner"));
    start(new ScriptedAgents(client, ScriptedAgents.echo()));

    newRun("details").run(PipelineRun.of(outer, Map.of(), Map.of("inner", inner)));

    String details =
        client
            .newUntypedWorkflowStub("details")
            .query("__temporal_workflow_metadata", WorkflowMetadata.class)
            .getCurrentDetails();
    assertThat(details)
        .startsWith("**outer v1**: COMPLETED")
        .contains("| a | agent | fast | COMPLETED | 1 | agent-fast |  |")
        .contains("| sub | pipeline |  | COMPLETED |");
    assertThat(client.newUntypedWorkflowStub("details/sub").describe().getStaticSummary())
        .isEqualTo("inner v1");
  }

  @Test
  void aFailedRunShowsTheStepAndTheErrorWithoutAJavaStackTrace() {
    PipelineDefinition definition = pipeline("fails", Steps.onError("b", "charge", OnError.FAIL));
    start(
        new ScriptedAgents(client, ScriptedAgents.echo())
            .always("b", ScriptedAgents.error("card declined", false)));
    PipelineWorkflow run = newRun("fails-plainly");

    assertThatThrownBy(() -> run.run(PipelineRun.of(definition, Map.of())))
        .isInstanceOf(WorkflowFailedException.class);

    Failure failure =
        client
            .fetchHistory("fails-plainly")
            .getLastEvent()
            .getWorkflowExecutionFailedEventAttributes()
            .getFailure();
    assertThat(failure.getMessage())
        .isEqualTo("step 'b' (charge): agent agent-charge failed it: card declined");
    assertThat(failure.getStackTrace()).isEmpty();
    assertThat(failure.hasCause()).isFalse();
  }

  @Test
  void theWorkflowsArgumentShowsTheUsersInputFirst() {
    PipelineRun run = PipelineRun.of(pipeline("p", agent("a", "fast")), Map.of("text", "hello"));

    String json =
        DefaultDataConverter.STANDARD_INSTANCE
            .toPayload(run)
            .orElseThrow()
            .getData()
            .toStringUtf8();

    assertThat(json).startsWith("{\"input\":{\"text\":\"hello\"},\"definition\":");
  }

  private static List<String> summaries(List<HistoryEvent> events, EventType type) {
    return events.stream()
        .filter(e -> e.getEventType() == type && e.hasUserMetadata())
        .map(e -> text(e.getUserMetadata().getSummary()))
        .toList();
  }

  private static String text(Payload payload) {
    return DefaultDataConverter.STANDARD_INSTANCE.fromPayload(payload, String.class, String.class);
  }
}
