package dev.chorus.pipeline.model;

import java.util.List;

/**
 * Runs {@code steps} once per element of the list {@code items} evaluates to, at most {@code
 * concurrency} at once. Inside, expressions see {@code item} and {@code index}. Its output is
 * {@code {results: [<each item's last output>]}} in item order.
 */
@Kind("forEach")
public record ForEachStep(
    String name, String items, Integer concurrency, List<Step> steps, OnError onError)
    implements Step {

  public ForEachStep {
    concurrency = concurrency == null ? 1 : concurrency;
    steps = steps == null ? List.of() : List.copyOf(steps);
    onError = OnError.orFail(onError);
  }
}
