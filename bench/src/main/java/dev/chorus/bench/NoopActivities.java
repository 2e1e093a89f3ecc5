package dev.chorus.bench;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.Map;

/** The plain-Temporal baseline of a no-op agent step: the same no-op as an ordinary activity. */
@ActivityInterface
public interface NoopActivities {

  @ActivityMethod
  Map<String, Object> noop(Map<String, Object> input);

  /** Runs in the worker; says when it ran, like {@link NoopAgent}. */
  final class InWorker implements NoopActivities {
    @Override
    public Map<String, Object> noop(Map<String, Object> input) {
      return Map.of(BenchPipeline.RAN_AT, System.nanoTime());
    }
  }
}
