package dev.chorus.definition;

import java.util.List;

/** A definition refused, with every problem found in it. */
public class InvalidDefinitionException extends RuntimeException {

  private final List<Problem> problems;

  public InvalidDefinitionException(List<Problem> problems) {
    super(problems.size() + " problem(s) in the pipeline definition: " + problems);
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }
}
