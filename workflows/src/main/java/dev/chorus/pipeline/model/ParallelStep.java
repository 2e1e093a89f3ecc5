package dev.chorus.pipeline.model;

import java.util.List;

/**
 * Runs its branches at once. The step completes when {@code join} is met: {@code all} branches,
 * {@code any} one, or {@code count} of them ({@code join: n}); branches still running then are
 * cancelled. Its output maps each completed branch's name to that branch's output.
 */
@Kind("parallel")
public record ParallelStep(
    String name, List<Branch> branches, String join, Integer count, OnError onError)
    implements Step {

  public ParallelStep {
    branches = branches == null ? List.of() : List.copyOf(branches);
    join = join == null ? "all" : join;
    onError = OnError.orFail(onError);
  }

  /** How many branches must complete. */
  public int needed() {
    return switch (join) {
      case "any" -> 1;
      case "n" -> count == null ? branches.size() : count;
      default -> branches.size();
    };
  }
}
