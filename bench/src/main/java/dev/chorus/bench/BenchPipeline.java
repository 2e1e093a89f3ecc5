package dev.chorus.bench;

import dev.chorus.pipeline.DispatchMode;
import dev.chorus.pipeline.PipelineResult;
import dev.chorus.pipeline.PipelineRun;
import dev.chorus.pipeline.model.AgentStep;
import dev.chorus.pipeline.model.PipelineDefinition;
import dev.chorus.pipeline.model.RetryPolicy;
import dev.chorus.pipeline.model.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The only place the benchmark knows the shape of a pipeline definition, so a change of the
 * definition language touches this class alone.
 */
final class BenchPipeline {

  static final String NOOP_CAPABILITY = "bench.noop";

  /**
   * Its only agent never answers ({@link ParkAgent}): a step on it waits until the run is
   * terminated.
   */
  static final String PARK_CAPABILITY = "bench.park";

  /** The scaling experiment's capability, served by {@link WorkAgent}s. */
  static final String WORK_CAPABILITY = "bench.work";

  /** Output field in which a no-op step reports when it ran ({@link System#nanoTime()}). */
  static final String RAN_AT = "ranAt";

  private BenchPipeline() {}

  /**
   * {@code steps} no-op steps in a row, each given the same input of {@code payloadBytes}
   * characters.
   */
  static PipelineRun noop(int steps, int payloadBytes, DispatchMode dispatch) {
    List<Step> definitions = new ArrayList<>();
    for (int i = 1; i <= steps; i++) {
      definitions.add(AgentStep.of(stepName(i), NOOP_CAPABILITY));
    }
    PipelineDefinition definition = new PipelineDefinition("bench-noop", 1, null, definitions);
    return PipelineRun.of(definition, Map.of("payload", "x".repeat(payloadBytes)))
        .dispatchingBy(dispatch);
  }

  /**
   * One step that waits, dispatched once, for as long as {@code wait} for a reply that never comes.
   */
  static PipelineRun parked(Duration wait, DispatchMode dispatch) {
    return PipelineRun.of(
            new PipelineDefinition(
                "bench-park",
                1,
                null,
                List.of(dispatchedOnce("park", PARK_CAPABILITY, wait, null))),
            Map.of())
        .dispatchingBy(dispatch);
  }

  /**
   * One step on {@link #WORK_CAPABILITY}, dispatched once and given {@code patience} to be
   * answered: in the scaling experiment a task may wait that long behind the others.
   */
  static PipelineRun work(Duration patience, DispatchMode dispatch) {
    return PipelineRun.of(
            new PipelineDefinition(
                "bench-work",
                1,
                null,
                List.of(dispatchedOnce("work", WORK_CAPABILITY, patience, patience))),
            Map.of())
        .dispatchingBy(dispatch);
  }

  /**
   * A step dispatched once, given {@code timeout} to be answered and {@code waitForAgent} (the
   * default when null) to find an agent.
   */
  private static AgentStep dispatchedOnce(
      String name, String capability, Duration timeout, Duration waitForAgent) {
    RetryPolicy once = new RetryPolicy(null, null, null, 1, null);
    return new AgentStep(
        name,
        capability,
        null,
        null,
        null,
        once,
        timeout.toString(),
        null,
        null,
        null,
        null,
        null,
        waitForAgent == null ? null : waitForAgent.toString());
  }

  /** When each step ran, in step order. */
  static long[] ranAt(PipelineRun run, PipelineResult result) {
    List<Step> steps = run.definition().steps();
    long[] times = new long[steps.size()];
    for (int i = 0; i < times.length; i++) {
      times[i] = ((Number) result.outputs().get(steps.get(i).name()).get(RAN_AT)).longValue();
    }
    return times;
  }

  private static String stepName(int index) {
    return String.format("step-%03d", index);
  }
}
