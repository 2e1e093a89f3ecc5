package dev.chorus.pipeline;

import java.util.List;
import java.util.Map;

/**
 * The state a run hands to its continuation.
 *
 * @param nextStep index of the first top-level step still to run
 * @param outputs outputs of the completed steps, by name
 * @param state the state query's view so far
 * @param compensations the registered undo calls, oldest first: step name and the compensation's
 *     input
 * @param signals signals received and not yet taken by a wait step
 * @param forEachResults for a top-level forEach cut short, the results of its items so far, by step
 *     name
 */
public record Resume(
    int nextStep,
    Map<String, Map<String, Object>> outputs,
    RunState state,
    List<PendingCompensation> compensations,
    Map<String, List<Map<String, Object>>> signals,
    Map<String, List<Object>> forEachResults) {

  public Resume {
    forEachResults = forEachResults == null ? Map.of() : forEachResults;
  }

  /**
   * @param key the step's name in the state query; {@code step} its name in the definition
   * @param pipeline the library reference of the definition {@code step} is in, for the steps of a
   *     completed child pipeline; null (and absent in runs recorded before it) for the run's own
   */
  public record PendingCompensation(
      String key, String step, Map<String, Object> input, String pipeline) {

    public PendingCompensation(String key, String step, Map<String, Object> input) {
      this(key, step, input, null);
    }
  }
}
