package dev.chorus.bench;

import dev.chorus.pipeline.PipelineResult;
import dev.chorus.pipeline.PipelineRun;
import dev.chorus.pipeline.RunStatus;
import dev.chorus.pipeline.model.Step;
import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public class PlainPipelineWorkflowImpl implements PlainPipelineWorkflow {

  private final NoopActivities noop =
      Workflow.newActivityStub(
          NoopActivities.class,
          ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(30)).build());

  @Override
  public PipelineResult run(PipelineRun run) {
    // Ordered map, as in the product workflow: identical on every replay.
    Map<String, Map<String, Object>> outputs = new LinkedHashMap<>();
    for (Step step : run.definition().steps()) {
      outputs.put(step.name(), noop.noop(run.input()));
    }
    return new PipelineResult(
        run.definition().name(), outputs, RunStatus.COMPLETED, List.of(), List.of());
  }
}
