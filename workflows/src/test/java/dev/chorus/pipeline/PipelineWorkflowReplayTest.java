package dev.chorus.pipeline;

import io.temporal.testing.WorkflowReplayer;
import org.junit.jupiter.api.Test;

/**
 * Replays recorded histories of real runs against today's workflow code. A change that would make a
 * run in flight take a different path (non-determinism) fails here instead of in production.
 */
class PipelineWorkflowReplayTest {

  /** Recorded before dispatch routed by version: replays through the unrouted path. */
  @Test
  void theRecordedDemoRunReplays() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource("histories/text-insights-demo.json", PipelineWorkflowImpl.class);
  }

  @Test
  void theRecordedRoutedDemoRunReplays() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource("histories/text-insights-routed.json", PipelineWorkflowImpl.class);
  }
}
