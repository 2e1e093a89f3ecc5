package dev.chorus.bench;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.Map;

/**
 * The ceiling's step: run as a local activity, like the bridge's dispatch, in the workflow task
 * that reaches it.
 */
@ActivityInterface
public interface CeilingActivities {

  /**
   * Hands the step to the signaller, as the dispatch hands it to an agent, and says when it ran.
   */
  @ActivityMethod(name = "BenchCeilingHandOff")
  Map<String, Object> handOff(String workflowId, int index);

  /** Runs in the worker, next to the signaller. */
  final class InWorker implements CeilingActivities {

    private final CeilingSignaller signaller;

    InWorker(CeilingSignaller signaller) {
      this.signaller = signaller;
    }

    @Override
    public Map<String, Object> handOff(String workflowId, int index) {
      long ranAt = System.nanoTime();
      signaller.signalLater(workflowId, index);
      return Map.of(BenchPipeline.RAN_AT, ranAt);
    }
  }
}
