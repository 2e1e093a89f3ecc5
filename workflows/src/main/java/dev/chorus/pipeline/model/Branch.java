package dev.chorus.pipeline.model;

import java.util.List;

/** A named sequence of steps inside a {@code parallel} step; its output is its last step's. */
public record Branch(String name, List<Step> steps) {

  public Branch {
    steps = steps == null ? List.of() : List.copyOf(steps);
  }
}
