package dev.chorus.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Workflow logic on Temporal's time-skipping test server; timeouts elapse without real waiting. */
class PipelineWorkflowTest {

  private static final Map<String, Object> INPUT = Map.of("text", "hello chorus");
  private static final PipelineDefinition THREE_STEPS =
      new PipelineDefinition(
          "three",
          List.of(
              step("keywords", "text.keywords"), step("summary", "text.summary"), step("sentiment", "text.sentiment")));

  private TestWorkflowEnvironment env;
  private WorkflowClient client;

  @BeforeEach
  void startServer() {
    env = TestWorkflowEnvironment.newInstance();
    for (String attribute : List.of("ChorusPipeline", "ChorusStatus", "ChorusStep")) {
      env.registerSearchAttribute(attribute, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    client = env.getWorkflowClient();
  }

  @AfterEach
  void stopServer() {
    env.close();
  }

  @Test
  void localDispatchRunsTheSameStepsWithoutActivityTasks() {
    ScriptedAgents agents = start(new ScriptedAgents(client, ScriptedAgents.echo()));
    PipelineWorkflow run = newRun("local-dispatch");

    PipelineResult result = run.run(new PipelineRun(THREE_STEPS, INPUT, DispatchMode.LOCAL_ACTIVITY));

    assertThat(result.outputs()).containsOnlyKeys("keywords", "summary", "sentiment");
    assertThat(agents.dispatched).extracting(AgentTask::capability)
        .containsExactly("text.keywords", "text.summary", "text.sentiment");
    assertThat(client.fetchHistory("local-dispatch").getEvents())
        .noneMatch(event -> event.hasActivityTaskScheduledEventAttributes())
        .anyMatch(event -> event.hasMarkerRecordedEventAttributes());
  }

  @Test
  void runsStepsInOrderAndReturnsEveryOutput() {
    ScriptedAgents agents = start(new ScriptedAgents(client, ScriptedAgents.echo()));
    PipelineWorkflow run = newRun("in-order");

    PipelineResult result = run.run(new PipelineRun(THREE_STEPS, INPUT));

    assertThat(result.outputs()).containsOnlyKeys("keywords", "summary", "sentiment");
    assertThat(result.outputs().get("summary")).containsEntry("step", "summary").containsEntry("seen", INPUT);
    assertThat(agents.dispatched).extracting(AgentTask::capability)
        .containsExactly("text.keywords", "text.summary", "text.sentiment");
    assertThat(agents.dispatched).allSatisfy(task -> {
      assertThat(task.attempt()).isEqualTo(1);
      assertThat(task.dispatchId()).isEqualTo(task.taskId() + "#1");
      assertThat(task.taskId()).startsWith("in-order/").endsWith("/" + task.step());
    });
    RunState state = run.state();
    assertThat(state.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(state.steps()).extracting(StepState::status).containsOnly(StepStatus.COMPLETED);
    assertThat(state.steps()).extracting(StepState::agentId)
        .containsExactly("agent-text.keywords", "agent-text.summary", "agent-text.sentiment");
  }

  @Test
  void dispatchesAgainWhenNoReplyComesInTime() {
    ScriptedAgents agents =
        start(new ScriptedAgents(client, ScriptedAgents.echo()).on("summary", 1, ScriptedAgents.silence()));
    PipelineWorkflow run = newRun("timeout");

    run.run(new PipelineRun(THREE_STEPS, INPUT));

    List<AgentTask> summary = agents.dispatched.stream().filter(t -> t.step().equals("summary")).toList();
    assertThat(summary).extracting(AgentTask::attempt).containsExactly(1, 2);
    assertThat(summary.get(0).taskId()).isEqualTo(summary.get(1).taskId());
    assertThat(summary.get(1).deadlineMillis() - summary.get(0).deadlineMillis())
        .isGreaterThanOrEqualTo(Duration.ofSeconds(5).toMillis());
    assertThat(stepNamed(run.state(), "summary").attempts()).isEqualTo(2);
  }

  @Test
  void aReplyThatArrivesTwiceIsAppliedOnce() {
    start(new ScriptedAgents(client, ScriptedAgents.echo()).on("keywords", 1, ScriptedAgents.twice(ScriptedAgents.answer(Map.of("n", 1)))));
    PipelineWorkflow run = newRun("duplicate");

    PipelineResult result = run.run(new PipelineRun(THREE_STEPS, INPUT));

    assertThat(result.outputs().get("keywords")).isEqualTo(Map.of("n", 1));
    StepState keywords = stepNamed(run.state(), "keywords");
    assertThat(keywords.attempts()).isEqualTo(1);
    assertThat(keywords.duplicateReplies()).isEqualTo(1);
  }

  @Test
  void aRetryableErrorIsDispatchedAgain() {
    ScriptedAgents agents =
        start(new ScriptedAgents(client, ScriptedAgents.echo()).on("sentiment", 1, ScriptedAgents.error("model busy", true)));
    PipelineWorkflow run = newRun("retryable");

    run.run(new PipelineRun(THREE_STEPS, INPUT));

    assertThat(agents.dispatched).filteredOn(t -> t.step().equals("sentiment")).extracting(AgentTask::attempt)
        .containsExactly(1, 2);
    assertThat(stepNamed(run.state(), "sentiment").status()).isEqualTo(StepStatus.COMPLETED);
  }

  @Test
  void aNonRetryableErrorFailsTheRunAtOnce() {
    ScriptedAgents agents =
        start(new ScriptedAgents(client, ScriptedAgents.echo()).on("summary", 1, ScriptedAgents.error("text is empty", false)));
    PipelineWorkflow run = newRun("fatal");

    assertThatThrownBy(() -> run.run(new PipelineRun(THREE_STEPS, INPUT)))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
          assertThat(failure.getType()).isEqualTo(AgentStep.STEP_FAILED);
          assertThat(failure.getOriginalMessage())
              .isEqualTo("step 'summary' (text.summary): agent agent-text.summary failed it: text is empty");
        });
    assertThat(agents.dispatched).extracting(AgentTask::step).containsExactly("keywords", "summary");
    RunState state = run.state();
    assertThat(state.status()).isEqualTo(RunStatus.FAILED);
    assertThat(stepNamed(state, "summary").status()).isEqualTo(StepStatus.FAILED);
    assertThat(stepNamed(state, "sentiment").status()).isEqualTo(StepStatus.PENDING);
  }

  @Test
  void aStepThatNeverGetsAReplyFailsAfterItsAttempts() {
    PipelineDefinition oneStep =
        new PipelineDefinition("one", List.of(new StepDefinition("only", "text.keywords", Duration.ofSeconds(5), 2, null)));
    ScriptedAgents agents = start(new ScriptedAgents(client, ScriptedAgents.silence()));
    PipelineWorkflow run = newRun("exhausted");

    assertThatThrownBy(() -> run.run(new PipelineRun(oneStep, INPUT)))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .hasMessageContaining("step 'only' (text.keywords): no successful reply after 2 attempts");
    assertThat(agents.dispatched).hasSize(2);
  }

  @Test
  void aReplyForATaskThisRunNeverSentIsIgnored() {
    ScriptedAgents.Behaviour strayFirst = task -> List.of(
        new AgentReply("someone-else/run/keywords", "x#1", "stray", true, Map.of("wrong", true), null, false),
        new AgentReply(task.taskId(), task.dispatchId(), "agent", true, Map.of("right", true), null, false));
    start(new ScriptedAgents(client, ScriptedAgents.echo()).on("keywords", 1, strayFirst));
    PipelineWorkflow run = newRun("stray");

    PipelineResult result = run.run(new PipelineRun(THREE_STEPS, INPUT));

    assertThat(result.outputs().get("keywords")).isEqualTo(Map.of("right", true));
  }

  private ScriptedAgents start(ScriptedAgents agents) {
    Worker worker = env.newWorker(TaskQueues.PIPELINES);
    worker.registerWorkflowImplementationTypes(PipelineWorkflowImpl.class);
    worker.registerActivitiesImplementations(agents);
    env.start();
    return agents;
  }

  private PipelineWorkflow newRun(String workflowId) {
    return client.newWorkflowStub(
        PipelineWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId(workflowId).setTaskQueue(TaskQueues.PIPELINES).build());
  }

  private static StepDefinition step(String name, String capability) {
    return new StepDefinition(name, capability, Duration.ofSeconds(5), 3, Duration.ofSeconds(1));
  }

  private static StepState stepNamed(RunState state, String name) {
    return state.steps().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }
}
