package dev.chorus.pipeline.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.pipeline.AgentReply;
import dev.chorus.pipeline.DispatchMode;
import dev.chorus.pipeline.PipelineResult;
import dev.chorus.pipeline.PipelineRun;
import dev.chorus.pipeline.PipelineWorkflow;
import dev.chorus.pipeline.RunState;
import dev.chorus.pipeline.expression.Expressions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.NonDeterministicException;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import io.temporal.workflow.Workflow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays recorded histories against today's workflow code: one or more per step kind and failure
 * path (recorded from the workflow tests, which write every run's history to target/histories/) and
 * a real demo run. A change that would make a run in flight take a different path (non-determinism)
 * fails here instead of in production. Each file is named after its run's workflow id, which task
 * ids and child workflow ids are derived from; a later recording of a run id already recorded adds
 * {@code @<tag>} to the name. Files are only ever added ({@link HistoryManifestTest}).
 */
class PipelineWorkflowReplayTest {

  static final Path HISTORIES = Path.of("src", "test", "resources", "histories");
  private static TestWorkflowEnvironment env;
  private static Worker worker;

  @BeforeAll
  static void startReplayWorker() {
    Expressions.warmUp();
    env = TestWorkflowEnvironment.newInstance();
    // The detector guards workflow code that never yields; a replay's first task also loads the
    // replayer's classes, which on a busy shared machine can take longer than the default second.
    worker =
        env.newWorker(
            "replay",
            WorkerOptions.newBuilder().setDefaultDeadlockDetectionTimeout(10_000).build());
    worker.registerWorkflowImplementationTypes(
        PipelineWorkflowImpl.class, AgentsAsCodeTest.OrderWorkflowImpl.class);
  }

  @AfterAll
  static void stopReplayWorker() {
    env.close();
  }

  static Stream<String> histories() throws IOException {
    try (Stream<Path> files = Files.list(HISTORIES)) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith(".json"))
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("histories")
  void replays(String file) throws Exception {
    String workflowId = workflowId(file);
    WorkflowExecutionHistory history =
        WorkflowExecutionHistory.fromJson(Files.readString(HISTORIES.resolve(file)), workflowId);
    WorkflowReplayer.replayWorkflowExecution(history, worker);
  }

  /**
   * {@code <workflow id>.json}, or {@code <workflow id>@<tag>.json} for another recording of the
   * same run id.
   */
  private static String workflowId(String file) {
    String name = file.substring(0, file.length() - ".json".length());
    return name.contains("@") ? name.substring(0, name.indexOf('@')) : name;
  }

  @Test
  void thereIsAHistoryForEveryStepKindAndTheDemo() throws IOException {
    assertThat(histories().toList())
        .contains(
            "in-order.json",
            "parallel-all.json",
            "switch.json",
            "for-each.json",
            "wait-signalled.json",
            "child-ok.json",
            "saga-parallel.json",
            "saga-cancel.json",
            "continue-as-new.json",
            "continue-as-new-for-each.json",
            "text-insights-demo.json",
            // Recorded with the operator-truth change: cancelled timers, summaries, compensations
            // of steps on the wire and of completed children, COMPENSATING upserted.
            "timers.json",
            "saga-order.json",
            "saga-in-flight.json",
            "cancel-with-child.json",
            // A retryable error with retryAfter: the back-off timer is the agent's delay.
            "retry-after.json");
  }

  /**
   * A run started with {@link DispatchMode#LOCAL_ACTIVITY} (recorded by {@code
   * PipelineWorkflowTest}): its dispatches are markers, not activity tasks, and it replays against
   * today's code.
   */
  @Test
  void aRecordedRunWithLocalDispatchReplays() throws Exception {
    String file = "local-dispatch-run.json";
    WorkflowExecutionHistory history =
        WorkflowExecutionHistory.fromJson(
            Files.readString(HISTORIES.resolve(file)), "local-dispatch-run");
    assertThat(history.getEvents())
        .noneMatch(event -> event.hasActivityTaskScheduledEventAttributes())
        .anyMatch(event -> event.hasMarkerRecordedEventAttributes());
    replays(file);
  }

  /**
   * The replay above is worth something only if it notices a change: today's history replayed
   * against a workflow that, as a careless edit might, waits on a timer before its first command
   * fails with Temporal's non-determinism error.
   */
  @Test
  void aWorkflowThatTakesADifferentPathFailsTheReplay() throws IOException {
    Worker changed =
        env.newWorker(
            "replay-changed",
            WorkerOptions.newBuilder().setDefaultDeadlockDetectionTimeout(10_000).build());
    changed.registerWorkflowImplementationTypes(TimerFirstPipelineWorkflow.class);
    WorkflowExecutionHistory history =
        WorkflowExecutionHistory.fromJson(
            Files.readString(HISTORIES.resolve("in-order.json")), "in-order");

    // The replayer reports its failed replay as a RuntimeException that names the
    // NonDeterministicException in its message without keeping it as a cause; either form counts.
    assertThatThrownBy(() -> WorkflowReplayer.replayWorkflowExecution(history, changed))
        .satisfies(
            failure ->
                assertThat(causes(failure)).anyMatch(PipelineWorkflowReplayTest::isNonDeterminism));
  }

  private static boolean isNonDeterminism(Throwable failure) {
    return failure instanceof NonDeterministicException
        || String.valueOf(failure.getMessage()).contains(NonDeterministicException.class.getName());
  }

  private static List<Throwable> causes(Throwable failure) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable t = failure; t != null && !chain.contains(t); t = t.getCause()) {
      chain.add(t);
    }
    return chain;
  }

  /** The pipeline workflow type with a timer ahead of everything the recorded runs did first. */
  public static class TimerFirstPipelineWorkflow implements PipelineWorkflow {

    @Override
    public PipelineResult run(PipelineRun run) {
      Workflow.sleep(Duration.ofSeconds(1));
      return new PipelineWorkflowImpl(run).run(run);
    }

    @Override
    public void reply(AgentReply reply) {}

    @Override
    public RunState state() {
      return null;
    }
  }
}
