package dev.chorus.pipeline;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.chorus.pipeline.model.PipelineDefinition;
import java.util.Map;

/**
 * What a run is started with. The definition travels with the run, and so do the definitions of the
 * pipelines it runs as children ({@code library}, by {@code name} or {@code name@version}), so a
 * run keeps the exact definitions it started with even when the store changes later.
 *
 * @param historyLimit history events after which the run continues as new at the next step boundary
 * @param resume what a run continued as new carries over; null for a fresh run
 * @param dispatch how steps are dispatched; absent in runs started before it existed, which
 *     dispatched as an ordinary activity, so their histories replay unchanged
 * @param limits what the run may spend on expressions and forEach items; absent in runs started
 *     before it existed, which ran without limits and replay the same way
 */
// The user's input first: the Temporal UI shows the workflow's argument as it is serialised, and
// the
// pinned definitions after it are long. Properties are read by name, so runs recorded in the old
// order still replay.
@JsonPropertyOrder({"input", "definition"})
public record PipelineRun(
    PipelineDefinition definition,
    Map<String, Object> input,
    Map<String, PipelineDefinition> library,
    int historyLimit,
    Resume resume,
    DispatchMode dispatch,
    RunLimits limits) {

  public static final int DEFAULT_HISTORY_LIMIT = 10_000;

  public PipelineRun {
    input = input == null ? Map.of() : input;
    library = library == null ? Map.of() : Map.copyOf(library);
    historyLimit = historyLimit <= 0 ? DEFAULT_HISTORY_LIMIT : historyLimit;
    dispatch = dispatch == null ? DispatchMode.ACTIVITY : dispatch;
    limits = limits == null ? RunLimits.NONE : limits;
  }

  public PipelineRun(
      PipelineDefinition definition,
      Map<String, Object> input,
      Map<String, PipelineDefinition> library,
      int historyLimit,
      Resume resume,
      DispatchMode dispatch) {
    this(definition, input, library, historyLimit, resume, dispatch, RunLimits.NONE);
  }

  public PipelineRun(
      PipelineDefinition definition,
      Map<String, Object> input,
      Map<String, PipelineDefinition> library,
      int historyLimit,
      Resume resume) {
    this(definition, input, library, historyLimit, resume, DispatchMode.ACTIVITY);
  }

  public static PipelineRun of(PipelineDefinition definition, Map<String, Object> input) {
    return new PipelineRun(definition, input, Map.of(), 0, null);
  }

  public static PipelineRun of(
      PipelineDefinition definition,
      Map<String, Object> input,
      Map<String, PipelineDefinition> library) {
    return new PipelineRun(definition, input, library, 0, null);
  }

  /** The same run dispatching its steps by {@code mode}. */
  public PipelineRun dispatchingBy(DispatchMode mode) {
    return new PipelineRun(definition, input, library, historyLimit, resume, mode, limits);
  }

  /** The same run bounded by {@code runLimits}. */
  public PipelineRun limitedBy(RunLimits runLimits) {
    return new PipelineRun(definition, input, library, historyLimit, resume, dispatch, runLimits);
  }
}
