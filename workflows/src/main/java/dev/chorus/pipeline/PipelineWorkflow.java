package dev.chorus.pipeline;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** One run of a pipeline: its agent steps in order, each dispatched over Redis and answered by signal. */
@WorkflowInterface
public interface PipelineWorkflow {

  String REPLY_SIGNAL = "reply";
  String STATE_QUERY = "state";

  @WorkflowMethod
  PipelineResult run(PipelineRun run);

  /** An agent's reply, delivered by the bridge. Duplicates and late replies are applied at most once. */
  @SignalMethod(name = REPLY_SIGNAL)
  void reply(AgentReply reply);

  @QueryMethod(name = STATE_QUERY)
  RunState state();
}
