package dev.chorus.pipeline;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One run of a pipeline definition. Besides {@value #REPLY_SIGNAL}, any other signal name is taken
 * as an event for the pipeline's {@code wait} steps, with a JSON object as its payload.
 */
@WorkflowInterface
public interface PipelineWorkflow {

  /** The signal the bridge delivers agents' replies as; workflows written as code take it too. */
  String REPLY_SIGNAL = "reply";

  String STATE_QUERY = "state";

  @WorkflowMethod
  PipelineResult run(PipelineRun run);

  /**
   * An agent's reply, delivered by the bridge. Duplicates and late replies are applied at most
   * once.
   */
  @SignalMethod(name = REPLY_SIGNAL)
  void reply(AgentReply reply);

  @QueryMethod(name = STATE_QUERY)
  RunState state();
}
