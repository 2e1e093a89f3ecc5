package dev.chorus.pipeline;

import io.temporal.testing.WorkflowReplayer;
import org.junit.jupiter.api.Test;

/**
 * Replays recorded histories of real runs against today's workflow code. A change that would make a
 * run in flight take a different path (non-determinism) fails here instead of in production.
 */
class PipelineWorkflowReplayTest {

  @Test
  void theRecordedDemoRunReplays() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource("histories/text-insights-demo.json", PipelineWorkflowImpl.class);
  }

  /** A run started with {@link DispatchMode#LOCAL_ACTIVITY}: its dispatches are markers, not activity tasks. */
  @Test
  void aRecordedRunWithLocalDispatchReplays() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource("histories/local-dispatch-run.json", PipelineWorkflowImpl.class);
  }
}
