package dev.chorus.pipeline.workflow;

import static dev.chorus.pipeline.workflow.Steps.agent;
import static dev.chorus.pipeline.workflow.Steps.child;
import static dev.chorus.pipeline.workflow.Steps.pipeline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.chorus.pipeline.AgentReply;
import dev.chorus.pipeline.AgentTask;
import dev.chorus.pipeline.DispatchMode;
import dev.chorus.pipeline.PipelineResult;
import dev.chorus.pipeline.PipelineRun;
import dev.chorus.pipeline.PipelineWorkflow;
import dev.chorus.pipeline.RunEvent;
import dev.chorus.pipeline.RunState;
import dev.chorus.pipeline.RunStatus;
import dev.chorus.pipeline.StepState;
import dev.chorus.pipeline.StepStatus;
import dev.chorus.pipeline.model.PipelineDefinition;
import dev.chorus.pipeline.model.RetryPolicy;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Agent steps in a row on Temporal's time-skipping test server; timeouts elapse without real
 * waiting.
 */
class PipelineWorkflowTest extends WorkflowTestSupport {

  private static final Map<String, Object> INPUT = Map.of("text", "hello chorus");
  private static final PipelineDefinition THREE_STEPS =
      pipeline(
          "three",
          agent("keywords", "text.keywords"),
          agent("summary", "text.summary"),
          agent("sentiment", "text.sentiment"));

  @Test
  void localDispatchRunsTheSameStepsWithoutActivityTasks() {
    ScriptedAgents agents = start(new ScriptedAgents(client, ScriptedAgents.echo()));
    PipelineWorkflow run = newRun("local-dispatch-run");

    PipelineResult result =
        run.run(PipelineRun.of(THREE_STEPS, INPUT).dispatchingBy(DispatchMode.LOCAL_ACTIVITY));

    assertThat(result.outputs()).containsOnlyKeys("keywords", "summary", "sentiment");
    assertThat(agents.dispatched)
        .extracting(AgentTask::capability)
        .containsExactly("text.keywords", "text.summary", "text.sentiment");
    assertThat(client.fetchHistory("local-dispatch-run").getEvents())
        .noneMatch(event -> event.hasActivityTaskScheduledEventAttributes())
        .anyMatch(event -> event.hasMarkerRecordedEventAttributes());
  }

  @Test
  void childPipelinesAndContinuedRunsKeepTheDispatchModeTheRunStartedWith() {
    PipelineDefinition inner = pipeline("inner", agent("work", "w"));
    PipelineDefinition outer =
        pipeline(
            "outer",
            child("sub", "inner"),
            agent("s1", "a"),
            agent("s2", "a"),
            agent("s3", "a"),
            agent("s4", "a"),
            agent("s5", "a"));
    start(new ScriptedAgents(client, ScriptedAgents.echo()));
    PipelineWorkflow run = newRun("local-carried");

    run.run(
        new PipelineRun(
            outer, INPUT, Map.of("inner", inner), 20, null, DispatchMode.LOCAL_ACTIVITY));

    assertThat(run.state().continuedAsNew()).isGreaterThan(0);
    for (String workflowId : List.of("local-carried", "local-carried/sub")) {
      assertThat(client.fetchHistory(workflowId).getEvents())
          .as(workflowId)
          .noneMatch(event -> event.hasActivityTaskScheduledEventAttributes())
          .anyMatch(event -> event.hasMarkerRecordedEventAttributes());
    }
  }

  @Test
  void runsStepsInOrderAndReturnsEveryOutput() {
    ScriptedAgents agents = start(new ScriptedAgents(client, ScriptedAgents.echo()));
    PipelineWorkflow run = newRun("in-order");

    PipelineResult result = run.run(PipelineRun.of(THREE_STEPS, INPUT));

    assertThat(result.outputs()).containsOnlyKeys("keywords", "summary", "sentiment");
    assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(result.outputs().get("summary"))
        .containsEntry("step", "summary")
        .containsEntry("seen", INPUT);
    assertThat(agents.dispatched)
        .extracting(AgentTask::capability)
        .containsExactly("text.keywords", "text.summary", "text.sentiment");
    assertThat(agents.dispatched)
        .allSatisfy(
            task -> {
              assertThat(task.attempt()).isEqualTo(1);
              assertThat(task.dispatchId()).isEqualTo(task.taskId() + "#1");
              assertThat(task.taskId()).startsWith("in-order/").endsWith("/" + task.step());
              assertThat(task.versionRange()).isEqualTo("*");
            });
    RunState state = run.state();
    assertThat(state.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(state.steps()).extracting(StepState::status).containsOnly(StepStatus.COMPLETED);
    assertThat(state.steps())
        .extracting(StepState::agentId)
        .containsExactly("agent-text.keywords", "agent-text.summary", "agent-text.sentiment");
    assertThat(agents.events)
        .extracting(RunEvent::type, RunEvent::step, RunEvent::status)
        .containsExactly(
            tuple(RunEvent.RUN_STARTED, null, "RUNNING"),
            tuple(RunEvent.STEP_FINISHED, "keywords", "COMPLETED"),
            tuple(RunEvent.STEP_FINISHED, "summary", "COMPLETED"),
            tuple(RunEvent.STEP_FINISHED, "sentiment", "COMPLETED"),
            tuple(RunEvent.RUN_FINISHED, null, "COMPLETED"));
    assertThat(agents.events).extracting(RunEvent::runId).containsOnly("in-order");
  }

  @Test
  void dispatchesAgainWhenNoReplyComesInTime() {
    ScriptedAgents agents =
        start(
            new ScriptedAgents(client, ScriptedAgents.echo())
                .on("summary", 1, ScriptedAgents.silence()));
    PipelineWorkflow run = newRun("timeout");

    run.run(PipelineRun.of(THREE_STEPS, INPUT));

    List<AgentTask> summary =
        agents.dispatched.stream().filter(t -> t.step().equals("summary")).toList();
    assertThat(summary).extracting(AgentTask::attempt).containsExactly(1, 2);
    assertThat(summary.get(0).taskId()).isEqualTo(summary.get(1).taskId());
    assertThat(summary.get(1).deadlineMillis() - summary.get(0).deadlineMillis())
        .isGreaterThanOrEqualTo(Duration.ofSeconds(5).toMillis());
    assertThat(stepNamed(run.state(), "summary").attempts()).isEqualTo(2);
  }

  @Test
  void aReplyThatArrivesTwiceIsAppliedOnce() {
    start(
        new ScriptedAgents(client, ScriptedAgents.echo())
            .on("keywords", 1, ScriptedAgents.twice(ScriptedAgents.answer(Map.of("n", 1)))));
    PipelineWorkflow run = newRun("duplicate");

    PipelineResult result = run.run(PipelineRun.of(THREE_STEPS, INPUT));

    assertThat(result.outputs().get("keywords")).isEqualTo(Map.of("n", 1));
    StepState keywords = stepNamed(run.state(), "keywords");
    assertThat(keywords.attempts()).isEqualTo(1);
    assertThat(keywords.duplicateReplies()).isEqualTo(1);
  }

  @Test
  void aRetryableErrorIsDispatchedAgain() {
    ScriptedAgents agents =
        start(
            new ScriptedAgents(client, ScriptedAgents.echo())
                .on("sentiment", 1, ScriptedAgents.error("model busy", true)));
    PipelineWorkflow run = newRun("retryable");

    run.run(PipelineRun.of(THREE_STEPS, INPUT));

    assertThat(agents.dispatched)
        .filteredOn(t -> t.step().equals("sentiment"))
        .extracting(AgentTask::attempt)
        .containsExactly(1, 2);
    assertThat(stepNamed(run.state(), "sentiment").status()).isEqualTo(StepStatus.COMPLETED);
  }

  /**
   * An agent throttled upstream answers a retryable error with retryAfter: the run waits that long
   * (a back-off timer of 20 s instead of the policy's 1 s) before the next dispatch.
   */
  @Test
  void aRetryAfterIsTheLeastWaitBeforeTheNextDispatch() {
    PipelineDefinition oneStep =
        pipeline(
            "one",
            Steps.withRetry(
                "only", "text.keywords", new RetryPolicy("1s", 2.0, "10s", 3, null), "5s", null));
    ScriptedAgents.Behaviour throttled =
        task ->
            List.of(
                new AgentReply(
                    task.taskId(),
                    task.dispatchId(),
                    "agent-throttled",
                    false,
                    null,
                    "upstream answered 429",
                    true,
                    env.currentTimeMillis() + 20_000));
    ScriptedAgents agents =
        start(
            new ScriptedAgents(client, ScriptedAgents.answer(Map.of("n", 1)))
                .on("only", 1, throttled));
    PipelineWorkflow run = newRun("retry-after");

    run.run(PipelineRun.of(oneStep, INPUT));

    assertThat(agents.dispatched).extracting(AgentTask::attempt).containsExactly(1, 2);
    List<HistoryEvent> events = client.fetchHistory("retry-after").getEvents();
    int signalled =
        IntStream.range(0, events.size())
            .filter(i -> events.get(i).hasWorkflowExecutionSignaledEventAttributes())
            .findFirst()
            .orElseThrow();
    Duration backOff =
        events.subList(signalled, events.size()).stream()
            .filter(HistoryEvent::hasTimerStartedEventAttributes)
            .map(e -> e.getTimerStartedEventAttributes().getStartToFireTimeout())
            .map(d -> Duration.ofSeconds(d.getSeconds(), d.getNanos()))
            .findFirst()
            .orElseThrow();
    assertThat(backOff).isBetween(Duration.ofSeconds(19), Duration.ofSeconds(20));
  }

  /**
   * An agent whose upstream throttles every agent of its capability pauses the capability: the run
   * has the pause recorded for every worker's dispatches, and waits for it itself.
   */
  @Test
  void aReplyThatPausesItsCapabilityHasThePauseRecorded() {
    PipelineDefinition oneStep =
        pipeline(
            "one",
            Steps.withRetry(
                "only", "text.keywords", new RetryPolicy("1s", 2.0, "10s", 3, null), "5s", null));
    long until = env.currentTimeMillis() + 30_000;
    ScriptedAgents.Behaviour quotaSpent =
        task ->
            List.of(
                new AgentReply(
                    task.taskId(),
                    task.dispatchId(),
                    "agent-throttled",
                    false,
                    null,
                    "quota exhausted",
                    true,
                    until,
                    true));
    ScriptedAgents agents =
        start(
            new ScriptedAgents(client, ScriptedAgents.answer(Map.of("n", 1)))
                .on("only", 1, quotaSpent));
    PipelineWorkflow run = newRun("pause-capability");

    run.run(PipelineRun.of(oneStep, INPUT));

    assertThat(agents.paused).containsExactly(Map.entry("text.keywords", until));
    assertThat(agents.dispatched).extracting(AgentTask::attempt).containsExactly(1, 2);
  }

  @Test
  void aNonRetryableErrorFailsTheRunAtOnce() {
    ScriptedAgents agents =
        start(
            new ScriptedAgents(client, ScriptedAgents.echo())
                .on("summary", 1, ScriptedAgents.error("text is empty", false)));
    PipelineWorkflow run = newRun("fatal");

    assertThatThrownBy(() -> run.run(PipelineRun.of(THREE_STEPS, INPUT)))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure -> {
              assertThat(failure.getType()).isEqualTo(Agents.STEP_FAILED);
              assertThat(failure.getOriginalMessage())
                  .isEqualTo(
                      "step 'summary' (text.summary): agent agent-text.summary failed it: text is empty");
            });
    assertThat(agents.dispatched)
        .extracting(AgentTask::step)
        .containsExactly("keywords", "summary");
    RunState state = run.state();
    assertThat(state.status()).isEqualTo(RunStatus.FAILED);
    assertThat(stepNamed(state, "summary").status()).isEqualTo(StepStatus.FAILED);
    assertThat(stepNamed(state, "summary").agentId()).isEqualTo("agent-text.summary");
    // It will never run: the run failed before it.
    assertThat(stepNamed(state, "sentiment").status()).isEqualTo(StepStatus.SKIPPED);
  }

  @Test
  void aStepThatNeverGetsAReplyFailsAfterItsAttempts() {
    PipelineDefinition oneStep =
        pipeline(
            "one",
            Steps.withRetry(
                "only", "text.keywords", new RetryPolicy("1s", 2.0, "10s", 2, null), "5s", null));
    ScriptedAgents agents = start(new ScriptedAgents(client, ScriptedAgents.silence()));
    PipelineWorkflow run = newRun("exhausted");

    assertThatThrownBy(() -> run.run(PipelineRun.of(oneStep, INPUT)))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .hasMessageContaining("step 'only' (text.keywords): no successful reply after 2 attempts");
    assertThat(agents.dispatched).hasSize(2);
  }

  @Test
  void aReplyForATaskThisRunNeverSentIsIgnored() {
    ScriptedAgents.Behaviour strayFirst =
        task ->
            List.of(
                new AgentReply(
                    "someone-else/run/keywords",
                    "x#1",
                    "stray",
                    true,
                    Map.of("wrong", true),
                    null,
                    false,
                    null),
                new AgentReply(
                    task.taskId(),
                    task.dispatchId(),
                    "agent",
                    true,
                    Map.of("right", true),
                    null,
                    false,
                    null));
    start(new ScriptedAgents(client, ScriptedAgents.echo()).on("keywords", 1, strayFirst));
    PipelineWorkflow run = newRun("stray");

    PipelineResult result = run.run(PipelineRun.of(THREE_STEPS, INPUT));

    assertThat(result.outputs().get("keywords")).isEqualTo(Map.of("right", true));
  }

  @Test
  void aReplyNamingADispatchThatIsNotTheStepsCurrentOneIsIgnored() {
    ScriptedAgents.Behaviour forgedFirst =
        task ->
            List.of(
                new AgentReply(
                    task.taskId(),
                    task.taskId() + "#7",
                    "forger",
                    true,
                    Map.of("forged", true),
                    null,
                    false,
                    null),
                new AgentReply(
                    task.taskId(),
                    "made-up",
                    "forger",
                    true,
                    Map.of("forged", true),
                    null,
                    false,
                    null),
                new AgentReply(
                    task.taskId(),
                    task.dispatchId(),
                    "agent",
                    true,
                    Map.of("right", true),
                    null,
                    false,
                    null));
    start(new ScriptedAgents(client, ScriptedAgents.echo()).on("keywords", 1, forgedFirst));
    PipelineWorkflow run = newRun("forged-dispatch");

    PipelineResult result = run.run(PipelineRun.of(THREE_STEPS, INPUT));

    assertThat(result.outputs().get("keywords")).isEqualTo(Map.of("right", true));
    assertThat(stepNamed(run.state(), "keywords").duplicateReplies()).isEqualTo(2);
  }

  /**
   * Temporal may hand a signal to the workflow before its first task runs the workflow method: a
   * signal-with-start, or a stray reply racing the start. Its handler must find the run's state.
   */
  @Test
  void aReplySignalledWithTheStartIsHandledBeforeTheRunBegins() throws Exception {
    start(new ScriptedAgents(client, ScriptedAgents.echo()));
    PipelineWorkflow run = newRun("reply-with-start");
    BatchRequest request = client.newSignalWithStartRequest();
    request.add(run::run, PipelineRun.of(THREE_STEPS, INPUT));
    request.add(
        run::reply,
        new AgentReply(
            "reply-with-start/earlier-run/keywords",
            "x#1",
            "stray",
            true,
            Map.of(),
            null,
            false,
            null));

    client.signalWithStart(request);
    PipelineResult result =
        WorkflowStub.fromTyped(run).getResult(30, TimeUnit.SECONDS, PipelineResult.class);

    assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(client.fetchHistory("reply-with-start").getEvents())
        .noneMatch(event -> event.hasWorkflowTaskFailedEventAttributes());
  }
}
