package dev.chorus.pipeline.expression;

/** An expression that cannot be compiled or evaluated against the run's data. */
public class ExpressionException extends RuntimeException {

  public ExpressionException(String expression, String problem) {
    super("expression '" + expression + "': " + problem);
  }
}
