package dev.chorus.bridge;

import dev.chorus.pipeline.AgentReply;
import dev.chorus.pipeline.PipelineWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import java.util.Optional;

/**
 * Hands a reply to the workflow that waits for it, as the {@link PipelineWorkflow#REPLY_SIGNAL}
 * signal.
 */
public class ReplySignaller {

  /** What became of one reply. */
  public enum Outcome {
    DELIVERED,
    /** The run has ended or never existed: the reply is late and nobody waits for it. */
    NO_SUCH_RUN
  }

  private final WorkflowClient client;

  public ReplySignaller(WorkflowClient client) {
    this.client = client;
  }

  /**
   * Signals the run. Throws when Temporal cannot be reached, so the caller keeps the reply
   * unacknowledged and tries again.
   */
  public Outcome deliver(String workflowId, AgentReply reply) {
    try {
      client
          .newUntypedWorkflowStub(workflowId, Optional.empty(), Optional.empty())
          .signal(PipelineWorkflow.REPLY_SIGNAL, reply);
      return Outcome.DELIVERED;
    } catch (WorkflowNotFoundException closedOrUnknown) {
      return Outcome.NO_SUCH_RUN;
    }
  }
}
