package dev.chorus.definition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.pipeline.AgentReply;
import dev.chorus.pipeline.AgentTask;
import dev.chorus.pipeline.DispatchActivities;
import dev.chorus.pipeline.Dispatched;
import dev.chorus.pipeline.PipelineResult;
import dev.chorus.pipeline.PipelineRun;
import dev.chorus.pipeline.PipelineWorkflow;
import dev.chorus.pipeline.RunEvent;
import dev.chorus.pipeline.RunEventActivities;
import dev.chorus.pipeline.RunStatus;
import dev.chorus.pipeline.TaskQueues;
import dev.chorus.pipeline.expression.Expressions;
import dev.chorus.pipeline.model.PipelineDefinition;
import dev.chorus.pipeline.model.StepTree;
import dev.chorus.pipeline.model.WaitStep;
import dev.chorus.pipeline.workflow.PipelineWorkflowImpl;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every fenced yaml block of docs/pipelines.md is validated, registered, and run on the
 * time-skipping test server with agents that echo their input, every signal its wait steps expect
 * sent up front.
 */
class DocumentedExamplesTest {

  private static final Path DOC = Path.of("..", "docs", "pipelines.md");
  private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);
  private static final Map<String, Object> INPUT =
      Map.of(
          "text",
          "Chorus runs agent pipelines.",
          "name",
          "Ada",
          "priority",
          "high",
          "urls",
          List.of("u1", "u2"),
          "item",
          "book");

  private TestWorkflowEnvironment env;
  private WorkflowClient client;

  @BeforeEach
  void startServer() {
    Expressions.warmUp();
    env = TestWorkflowEnvironment.newInstance();
    for (String attribute : List.of("ChorusPipeline", "ChorusStatus", "ChorusStep")) {
      env.registerSearchAttribute(attribute, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    client = env.getWorkflowClient();
    Worker worker = env.newWorker(TaskQueues.PIPELINES);
    worker.registerWorkflowImplementationTypes(PipelineWorkflowImpl.class);
    worker.registerActivitiesImplementations(new EchoAgents(client));
    env.start();
  }

  @AfterEach
  void stopServer() {
    env.close();
  }

  @Test
  void everyExampleInTheDocumentValidatesAndRuns() throws IOException {
    List<String> examples = examples();
    assertThat(examples).hasSizeGreaterThanOrEqualTo(8);
    MapCatalog catalog = new MapCatalog();
    DefinitionValidator validator = new DefinitionValidator(catalog, TestLimits.DOCUMENTED);
    PipelineReferences references = new PipelineReferences(catalog);
    for (String example : examples) {
      PipelineDefinition definition = validator.validate(example).definition();
      catalog.add(definition);

      PipelineWorkflow run =
          client.newWorkflowStub(
              PipelineWorkflow.class,
              WorkflowOptions.newBuilder()
                  .setWorkflowId("doc-" + definition.name())
                  .setTaskQueue(TaskQueues.PIPELINES)
                  .build());
      WorkflowClient.start(run::run, PipelineRun.of(definition, INPUT, references.pin(definition)));
      StepTree.walk(
          definition.steps(),
          (step, capability) -> {
            if (step instanceof WaitStep wait) {
              WorkflowStub.fromTyped(run).signal(wait.signal(), Map.of("approved", true));
            }
          });
      PipelineResult result = WorkflowStub.fromTyped(run).getResult(PipelineResult.class);

      assertThat(result.status()).as(definition.name()).isEqualTo(RunStatus.COMPLETED);
      assertThat(result.outputs()).as(definition.name()).isNotEmpty();
    }
  }

  static List<String> examples() throws IOException {
    Matcher blocks = YAML_BLOCK.matcher(Files.readString(DOC));
    List<String> found = new ArrayList<>();
    while (blocks.find()) {
      found.add(blocks.group(1));
    }
    return found;
  }

  /** Answers every task with its capability and input, signalled straight into the run. */
  static final class EchoAgents implements DispatchActivities, RunEventActivities {

    private final WorkflowClient client;

    EchoAgents(WorkflowClient client) {
      this.client = client;
    }

    @Override
    public void pauseCapability(String capability, long untilMillis) {
      throw new UnsupportedOperationException("echo agents never pause their capability");
    }

    @Override
    public Dispatched dispatch(AgentTask task) {
      Map<String, Object> output =
          Map.of(
              "capability",
              task.capability(),
              "input",
              task.input(),
              "summary",
              Map.of("capability", "text.summary"));
      client
          .newUntypedWorkflowStub(task.workflowId())
          .signal(
              PipelineWorkflow.REPLY_SIGNAL,
              new AgentReply(
                  task.taskId(), task.dispatchId(), "echo", true, output, null, false, null));
      return new Dispatched("0-1", "1.0.0", "chorus:tasks:" + task.capability() + ":v1");
    }

    @Override
    public void publish(RunEvent event) {
      // The examples are about what runs, not about who hears of it.
    }
  }
}
