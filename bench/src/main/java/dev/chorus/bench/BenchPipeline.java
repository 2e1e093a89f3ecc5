package dev.chorus.bench;

import dev.chorus.pipeline.DispatchMode;
import dev.chorus.pipeline.PipelineDefinition;
import dev.chorus.pipeline.PipelineResult;
import dev.chorus.pipeline.PipelineRun;
import dev.chorus.pipeline.StepDefinition;
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
  /** No agent serves it: a step on it waits until the run is terminated. */
  static final String PARK_CAPABILITY = "bench.park";
  /** Output field in which a no-op step reports when it ran ({@link System#nanoTime()}). */
  static final String RAN_AT = "ranAt";

  private BenchPipeline() {}

  /** {@code steps} no-op steps in a row, each given the same input of {@code payloadBytes} characters. */
  static PipelineRun noop(int steps, int payloadBytes, DispatchMode dispatch) {
    List<StepDefinition> definitions = new ArrayList<>();
    for (int i = 1; i <= steps; i++) {
      definitions.add(StepDefinition.of(stepName(i), NOOP_CAPABILITY));
    }
    return new PipelineRun(new PipelineDefinition("bench-noop", definitions), Map.of("payload", "x".repeat(payloadBytes)), dispatch);
  }

  /** One step that waits for a reply that never comes, for as long as {@code wait}. */
  static PipelineRun parked(Duration wait, DispatchMode dispatch) {
    StepDefinition step = new StepDefinition("park", PARK_CAPABILITY, wait, 1, null);
    return new PipelineRun(new PipelineDefinition("bench-park", List.of(step)), Map.of(), dispatch);
  }

  /** When each step ran, in step order. */
  static long[] ranAt(PipelineRun run, PipelineResult result) {
    List<StepDefinition> steps = run.definition().steps();
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
