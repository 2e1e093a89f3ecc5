package dev.chorus.pipeline.workflow;

import dev.chorus.pipeline.PipelineWorkflow;
import dev.chorus.pipeline.RunEvent;
import dev.chorus.pipeline.RunSearchAttributes;
import dev.chorus.pipeline.RunState;
import dev.chorus.pipeline.StepState;
import dev.chorus.pipeline.TaskQueues;
import dev.chorus.pipeline.expression.Expressions;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * A time-skipping Temporal test server per test, with Chorus's search attributes. Each run's
 * history is written to {@code target/histories/}; the replay test's fixtures are copies of such
 * files.
 */
abstract class WorkflowTestSupport {

  protected TestWorkflowEnvironment env;
  protected WorkflowClient client;
  private final List<String> started = new java.util.ArrayList<>();

  @BeforeAll
  static void loadExpressionRuntime() {
    Expressions.warmUp();
  }

  @BeforeEach
  void startServer() {
    env = TestWorkflowEnvironment.newInstance();
    for (String attribute : List.of("ChorusPipeline", "ChorusStatus", "ChorusStep")) {
      env.registerSearchAttribute(attribute, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    client = env.getWorkflowClient();
  }

  @AfterEach
  void stopServer() throws IOException {
    Path dir = Path.of("target", "histories");
    Files.createDirectories(dir);
    for (String id : started) {
      Files.writeString(dir.resolve(id + ".json"), client.fetchHistory(id).toJson(true));
    }
    env.close();
  }

  protected ScriptedAgents start(ScriptedAgents agents, Class<?>... extraWorkflows) {
    Worker worker = env.newWorker(TaskQueues.PIPELINES);
    worker.registerWorkflowImplementationTypes(PipelineWorkflowImpl.class);
    if (extraWorkflows.length > 0) {
      worker.registerWorkflowImplementationTypes(extraWorkflows);
    }
    worker.registerActivitiesImplementations(agents);
    env.start();
    return agents;
  }

  protected PipelineWorkflow newRun(String workflowId) {
    return newStub(PipelineWorkflow.class, workflowId);
  }

  protected <T> T newStub(Class<T> type, String workflowId) {
    started.add(workflowId);
    return client.newWorkflowStub(
        type,
        WorkflowOptions.newBuilder()
            .setWorkflowId(workflowId)
            .setTaskQueue(TaskQueues.PIPELINES)
            .build());
  }

  /** The run's {@code ChorusStatus} search attribute as Temporal's visibility has it. */
  protected String chorusStatus(String workflowId) {
    return client
        .newUntypedWorkflowStub(workflowId)
        .describe()
        .getTypedSearchAttributes()
        .get(RunSearchAttributes.STATUS);
  }

  /** The run-finished event the run published. */
  static RunEvent finished(ScriptedAgents agents) {
    synchronized (agents.events) {
      return agents.events.stream()
          .filter(e -> e.type().equals(RunEvent.RUN_FINISHED))
          .findFirst()
          .orElseThrow();
    }
  }

  static StepState stepNamed(RunState state, String name) {
    return state.steps().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }
}
