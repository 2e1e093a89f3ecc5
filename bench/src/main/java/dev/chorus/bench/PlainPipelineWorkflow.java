package dev.chorus.bench;

import dev.chorus.pipeline.PipelineResult;
import dev.chorus.pipeline.PipelineRun;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The baseline the bridge is measured against: the same definition run as one plain Temporal
 * activity per step, with no Redis and no signal.
 */
@WorkflowInterface
public interface PlainPipelineWorkflow {

  @WorkflowMethod
  PipelineResult run(PipelineRun run);
}
