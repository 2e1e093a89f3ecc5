package dev.chorus.pipeline.workflow;

import dev.chorus.pipeline.PipelineResult;
import dev.chorus.pipeline.PipelineRun;
import dev.chorus.pipeline.PipelineWorkflow;
import dev.chorus.pipeline.Resume;
import dev.chorus.pipeline.RunSearchAttributes;
import dev.chorus.pipeline.RunSummaries;
import dev.chorus.pipeline.TaskQueues;
import dev.chorus.pipeline.model.ChildPipelineStep;
import dev.chorus.pipeline.model.PipelineDefinition;
import io.temporal.common.SearchAttributes;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code pipeline} steps: another pipeline as a child workflow of the same type, pinned at the
 * parent's start.
 */
final class ChildPipelines {

  private final PipelineRun parent;
  private final Agents agents;
  private final String workflowId;

  ChildPipelines(PipelineRun parent, Agents agents) {
    this.parent = parent;
    this.agents = agents;
    this.workflowId = Workflow.getInfo().getWorkflowId();
  }

  Map<String, Object> run(ChildPipelineStep step, String key, Map<String, Object> input) {
    PipelineDefinition definition = parent.library().get(step.reference());
    if (definition == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "step '"
              + step.name()
              + "': pipeline "
              + step.reference()
              + " was not pinned when the run started",
          "UnknownPipeline");
    }
    ChildWorkflowOptions options =
        ChildWorkflowOptions.newBuilder()
            .setStaticSummary(agents.tellsTheTruth() ? RunSummaries.of(definition) : null)
            .setWorkflowId(workflowId + "/" + key)
            .setTaskQueue(TaskQueues.PIPELINES)
            .setTypedSearchAttributes(
                SearchAttributes.newBuilder()
                    .set(RunSearchAttributes.PIPELINE, definition.name())
                    .build())
            .build();
    PipelineWorkflow child = Workflow.newChildWorkflowStub(PipelineWorkflow.class, options);
    // The child dispatches as its parent does, within its limits, from its pinned library.
    PipelineRun childRun =
        new PipelineRun(
            definition, input, parent.library(), 0, null, parent.dispatch(), parent.limits());
    PipelineResult result = child.run(childRun);
    if (agents.tellsTheTruth()) {
      // The child's undo calls become the parent's, after what the parent completed before it.
      for (Resume.PendingCompensation c : result.pendingCompensations()) {
        String pipeline = c.pipeline() == null ? step.reference() : c.pipeline();
        agents.registerCompensation(
            PendingCompensations.options(key + "/" + c.key(), c, definition, parent.library()),
            c.input(),
            pipeline);
      }
    }
    return new LinkedHashMap<>(result.outputs());
  }
}
