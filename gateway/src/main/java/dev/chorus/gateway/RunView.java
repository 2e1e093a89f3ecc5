package dev.chorus.gateway;

import dev.chorus.pipeline.StepState;
import java.util.List;
import java.util.Map;

/**
 * A run as the gateway shows it.
 *
 * @param runId Chorus's id of the run, which is its Temporal workflow id
 * @param workflowId the same id, under the name Temporal tools use
 * @param temporalRunId the Temporal execution's run id
 * @param version the definition version the run pinned
 * @param status RUNNING, COMPENSATING, COMPLETED, COMPENSATED, COMPENSATION_FAILED, FAILED,
 *     CANCELLED, TERMINATED, TIMED_OUT or CONTINUED_AS_NEW: the run's own account while it runs and
 *     once its code ended it, Temporal's once Temporal ended it (terminated, timed out)
 * @param currentStep the top-level step the run is at; absent before the first and once it ended
 * @param steps each step's state, from the run's state query (rebuilt from its history once
 *     Temporal ended it)
 * @param output outputs by step, once COMPLETED, COMPENSATED or (after {@code onError: compensate})
 *     COMPENSATION_FAILED
 * @param failure why the run failed, once FAILED
 * @param compensated steps undone after a failure or cancellation, in the order they were undone
 * @param compensationFailures {@code step: why} for each undo that failed
 * @param continuedAsNew how many times the run continued as new to keep its history short
 * @param uiUrl the run's page in the Temporal Web UI
 */
public record RunView(
    String runId,
    String workflowId,
    String temporalRunId,
    String pipeline,
    int version,
    String status,
    String currentStep,
    List<StepState> steps,
    Map<String, Map<String, Object>> output,
    String failure,
    List<String> compensated,
    List<String> compensationFailures,
    int continuedAsNew,
    String uiUrl) {

  /**
   * The same view naming the pipeline and version the run was started with, before its state can be
   * queried.
   */
  RunView of(String pipeline, int version) {
    return new RunView(
        runId,
        workflowId,
        temporalRunId,
        pipeline,
        version,
        status,
        currentStep,
        steps,
        output,
        failure,
        compensated,
        compensationFailures,
        continuedAsNew,
        uiUrl);
  }
}
