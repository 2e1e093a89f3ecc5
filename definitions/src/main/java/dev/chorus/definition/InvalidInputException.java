package dev.chorus.definition;

import java.util.List;

/** A run's input that does not satisfy its pipeline's input schema, with every problem. */
public class InvalidInputException extends RuntimeException {

  private final List<Problem> problems;

  public InvalidInputException(List<Problem> problems) {
    super(problems.size() + " problem(s) in the run's input: " + problems);
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }
}
