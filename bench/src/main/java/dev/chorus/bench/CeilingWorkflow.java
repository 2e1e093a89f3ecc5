package dev.chorus.bench;

import dev.chorus.pipeline.PipelineResult;
import dev.chorus.pipeline.PipelineRun;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The engine's ceiling for the bridge's design: per step the same Temporal shape as {@code
 * PipelineWorkflowImpl} with local dispatch (a local activity, then a wait, bounded by a timer, for
 * a signal sent from outside the workflow), and nothing else: no Redis, no agent, no Chorus logic.
 * The bridge cannot be faster than this on the same server and worker, so bridge/ceiling is the
 * share of the engine's best that the product path reaches, and the rest is what Redis and Chorus
 * add.
 */
@WorkflowInterface
public interface CeilingWorkflow {

  String STEP_DONE_SIGNAL = "benchCeilingStepDone";

  @WorkflowMethod(name = "BenchCeilingWorkflow")
  PipelineResult run(PipelineRun run);

  /** Step {@code index} (0-based) is done: what the bridge's reply signal says for a real step. */
  @SignalMethod(name = STEP_DONE_SIGNAL)
  void stepDone(int index);
}
