package dev.chorus.bench;

import dev.chorus.pipeline.PipelineResult;
import dev.chorus.pipeline.PipelineRun;
import dev.chorus.pipeline.RunStatus;
import dev.chorus.pipeline.model.Step;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

public class CeilingWorkflowImpl implements CeilingWorkflow {

  /** The product's default step timeout: the wait starts a timer per step, as the bridge's does. */
  private static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);

  private final CeilingActivities activities =
      Workflow.newLocalActivityStub(
          CeilingActivities.class,
          LocalActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(30)).build());
  private final Set<Integer> done = new HashSet<>();

  @Override
  public PipelineResult run(PipelineRun run) {
    String workflowId = Workflow.getInfo().getWorkflowId();
    // Ordered map, as in the product workflow: identical on every replay.
    Map<String, Map<String, Object>> outputs = new LinkedHashMap<>();
    List<Step> steps = run.definition().steps();
    for (int i = 0; i < steps.size(); i++) {
      int index = i;
      outputs.put(steps.get(i).name(), activities.handOff(workflowId, index));
      if (!Workflow.await(STEP_TIMEOUT, () -> done.contains(index))) {
        throw ApplicationFailure.newNonRetryableFailure(
            "no signal for step " + index + " within " + STEP_TIMEOUT, "CeilingTimeout");
      }
    }
    return new PipelineResult(
        run.definition().name(), outputs, RunStatus.COMPLETED, List.of(), List.of());
  }

  @Override
  public void stepDone(int index) {
    done.add(index);
  }
}
