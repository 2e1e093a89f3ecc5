package dev.chorus.pipeline.model;

import java.util.List;

/**
 * One branch of a {@code switch}: the steps to run when {@code when} is the first condition that
 * holds.
 */
public record SwitchCase(String when, List<Step> steps) {

  public SwitchCase {
    steps = steps == null ? List.of() : List.copyOf(steps);
  }
}
