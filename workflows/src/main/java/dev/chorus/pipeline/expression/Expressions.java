package dev.chorus.pipeline.expression;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CEL expressions over a run's data: {@code input}, {@code steps.<name>.output}, and inside a
 * forEach {@code item} and {@code index}. CEL is side-effect free and deterministic, which is what
 * lets workflow code evaluate it. The environment is immutable and shared; compiled programs are
 * cached per instance (one per run), keyed by the expression's text and only looked up, never
 * iterated.
 */
public final class Expressions {

  /** The variables every expression may use. */
  public static final List<String> VARIABLES = List.of("input", "steps", "item", "index");

  private static final Cel CEL = environment();

  private final Map<String, CelRuntime.Program> programs = new HashMap<>();

  /**
   * Loads and links the CEL runtime by compiling and running one expression. Call it where a worker
   * starts: done lazily inside the first workflow task, it can take long enough on a busy machine
   * to trip Temporal's deadlock detector (a workflow thread must yield within a second).
   */
  public static void warmUp() {
    new Expressions()
        .evaluate(
            "size(steps) == 0 && input.x == 1", Map.of("input", Map.of("x", 1), "steps", Map.of()));
  }

  /** Compiles without evaluating: the reason the expression is wrong, or empty when it is fine. */
  public static Optional<String> check(String expression) {
    CelValidationResult result = CEL.compile(expression);
    return result.hasError() ? Optional.of(result.getErrorString()) : Optional.empty();
  }

  public Object evaluate(String expression, Map<String, Object> variables) {
    try {
      return CelValues.fromCel(program(expression).eval(CelValues.toCel(variables)));
    } catch (CelEvaluationException e) {
      throw new ExpressionException(expression, e.getMessage());
    }
  }

  public boolean test(String expression, Map<String, Object> variables) {
    Object value = evaluate(expression, variables);
    if (value instanceof Boolean b) {
      return b;
    }
    throw new ExpressionException(
        expression, "is a condition but gave " + value + " instead of true or false");
  }

  private CelRuntime.Program program(String expression) {
    CelRuntime.Program program = programs.get(expression);
    if (program == null) {
      try {
        program = CEL.createProgram(CEL.compile(expression).getAst());
      } catch (CelValidationException | CelEvaluationException e) {
        throw new ExpressionException(expression, e.getMessage());
      }
      programs.put(expression, program);
    }
    return program;
  }

  private static Cel environment() {
    var builder =
        CelFactory.standardCelBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .setOptions(CelOptions.current().enableHeterogeneousNumericComparisons(true).build());
    VARIABLES.forEach(name -> builder.addVar(name, SimpleType.DYN));
    return builder.build();
  }
}
