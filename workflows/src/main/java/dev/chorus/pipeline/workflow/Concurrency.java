package dev.chorus.pipeline.workflow;

import dev.chorus.pipeline.model.Branch;
import dev.chorus.pipeline.model.ForEachStep;
import dev.chorus.pipeline.model.ParallelStep;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parallel branches and forEach items, each in its own workflow thread ({@link Async}) inside a
 * cancellation scope, so work that is no longer needed (a join already met, a sibling failed) is
 * cancelled rather than left running. Promises are inspected in list order, never by completion
 * order of a hash structure, so every replay takes the same decisions.
 */
final class Concurrency {

  private final StepRunner runner;
  private final LongRun longRun;

  /** Most items of one forEach; 0 for no limit. */
  private final int maxItems;

  Concurrency(StepRunner runner, LongRun longRun, int maxItems) {
    this.runner = runner;
    this.longRun = longRun;
    this.maxItems = maxItems;
  }

  Map<String, Object> parallel(ParallelStep step, Scope scope) {
    List<Promise<Map<String, Object>>> promises = new ArrayList<>();
    CancellationScope branches =
        Workflow.newCancellationScope(
            () -> {
              for (Branch branch : step.branches()) {
                promises.add(Async.function(() -> runner.runAll(branch.steps(), scope)));
              }
            });
    branches.run();
    int needed = step.needed();
    int tolerable = promises.size() - needed;
    Workflow.await(() -> succeeded(promises) >= needed || failed(promises) > tolerable);
    branches.cancel();
    if (succeeded(promises) < needed) {
      throw firstFailure(promises, "parallel step '" + step.name() + "'");
    }
    Map<String, Object> output = new LinkedHashMap<>();
    for (int i = 0; i < promises.size(); i++) {
      if (promises.get(i).isCompleted() && promises.get(i).getFailure() == null) {
        output.put(step.branches().get(i).name(), promises.get(i).get());
      }
    }
    return output;
  }

  Map<String, Object> forEach(ForEachStep step, Scope scope, Object items) {
    if (!(items instanceof List<?> list)) {
      throw ApplicationFailure.newNonRetryableFailure(
          "forEach '"
              + step.name()
              + "': items '"
              + step.items()
              + "' gave "
              + items
              + ", not a list",
          "BadItems");
    }
    if (maxItems > 0 && list.size() > maxItems) {
      throw ApplicationFailure.newNonRetryableFailure(
          "forEach '"
              + step.name()
              + "': items '"
              + step.items()
              + "' gave "
              + list.size()
              + " items; at most "
              + maxItems
              + " are allowed (chorus.pipelines.limits.max-for-each-items)",
          "TooManyItems");
    }
    // A top-level forEach may be the resumption of one cut short by a continue-as-new.
    List<Object> carried = scope.isTop() ? longRun.carriedResults(step.name()) : List.of();
    List<Promise<Map<String, Object>>> promises = new ArrayList<>();
    CancellationScope all =
        Workflow.newCancellationScope(
            () -> {
              for (int i = carried.size(); i < list.size(); i++) {
                if (scope.isTop() && i > carried.size() && longRun.historyTooLong()) {
                  Workflow.await(() -> running(promises) == 0 || failed(promises) > 0);
                  if (failed(promises) == 0) {
                    longRun.continueForEach(step.name(), results(carried, promises));
                  }
                }
                Workflow.await(
                    () -> running(promises) < step.concurrency() || failed(promises) > 0);
                if (failed(promises) > 0) {
                  return;
                }
                Scope itemScope = scope.forItem(step.name(), i, list.get(i));
                promises.add(Async.function(() -> runner.runAll(step.steps(), itemScope)));
              }
            });
    all.run();
    Workflow.await(() -> running(promises) == 0 || failed(promises) > 0);
    if (failed(promises) > 0) {
      all.cancel();
      throw firstFailure(promises, "forEach '" + step.name() + "'");
    }
    return Map.of("results", results(carried, promises));
  }

  private static List<Object> results(
      List<Object> carried, List<Promise<Map<String, Object>>> promises) {
    List<Object> results = new ArrayList<>(carried);
    promises.forEach(p -> results.add(p.get()));
    return results;
  }

  private static long succeeded(List<Promise<Map<String, Object>>> promises) {
    return promises.stream().filter(p -> p.isCompleted() && p.getFailure() == null).count();
  }

  private static long failed(List<Promise<Map<String, Object>>> promises) {
    return promises.stream().filter(p -> p.isCompleted() && p.getFailure() != null).count();
  }

  private static long running(List<Promise<Map<String, Object>>> promises) {
    return promises.stream().filter(p -> !p.isCompleted()).count();
  }

  private static RuntimeException firstFailure(
      List<Promise<Map<String, Object>>> promises, String what) {
    for (Promise<Map<String, Object>> p : promises) {
      if (p.isCompleted() && p.getFailure() != null) {
        return p.getFailure();
      }
    }
    return ApplicationFailure.newNonRetryableFailure(
        what + " did not complete", Agents.STEP_FAILED);
  }
}
