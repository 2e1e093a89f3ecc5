package dev.chorus.pipeline.expression;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelErrorCode;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.navigation.CelNavigableExpr;
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
 * iterated. An instance may bound the comprehension iterations of each evaluation: CEL counts them,
 * so the same data gives the same verdict on every replay, unlike a deadline.
 */
public final class Expressions {

  /** The variables every expression may use. */
  public static final List<String> VARIABLES = List.of("input", "steps", "item", "index");

  private static final CelOptions OPTIONS =
      CelOptions.current().enableHeterogeneousNumericComparisons(true).build();

  private static final Cel CEL = environment();

  /** One environment per iteration budget in use; there are only ever a few. */
  private static final Map<Integer, Cel> BUDGETED = new HashMap<>();

  private final Map<String, CelRuntime.Program> programs = new HashMap<>();
  private final int maxIterations;
  private final Cel runtime;

  /** Evaluates without an iteration budget. */
  public Expressions() {
    this(0);
  }

  /**
   * @param maxIterations most comprehension iterations of one evaluation; 0 for no limit
   */
  public Expressions(int maxIterations) {
    this.maxIterations = maxIterations;
    this.runtime = maxIterations <= 0 ? CEL : budgeted(maxIterations);
  }

  /**
   * What an expression is made of, for the cost checks of a definition.
   *
   * @param error why it does not compile; empty when it does
   * @param depth height of its syntax tree (macros expanded)
   * @param largestLiteral most elements of one list or map literal in it
   */
  public record Shape(Optional<String> error, int depth, int largestLiteral) {}

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

  /** Compiles without evaluating, and measures the syntax tree of an expression that compiles. */
  public static Shape shape(String expression) {
    CelValidationResult result = CEL.compile(expression);
    if (result.hasError()) {
      return new Shape(Optional.of(result.getErrorString()), 0, 0);
    }
    try {
      CelNavigableExpr root = CelNavigableAst.fromAst(result.getAst()).getRoot();
      int largest =
          root.allNodes()
              .mapToInt(
                  node ->
                      switch (node.getKind()) {
                        case LIST -> node.expr().list().elements().size();
                        case MAP -> node.expr().map().entries().size();
                        default -> 0;
                      })
              .max()
              .orElse(0);
      return new Shape(Optional.empty(), root.height(), largest);
    } catch (CelValidationException e) {
      return new Shape(Optional.of(e.getMessage()), 0, 0);
    }
  }

  public Object evaluate(String expression, Map<String, Object> variables) {
    try {
      return CelValues.fromCel(program(expression).eval(CelValues.toCel(variables)), expression);
    } catch (CelEvaluationException e) {
      if (e.getErrorCode() == CelErrorCode.ITERATION_BUDGET_EXCEEDED) {
        throw new ExpressionException(
            expression,
            "needs more than "
                + maxIterations
                + " comprehension iterations (chorus.pipelines.limits.max-expression-iterations)");
      }
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
        program = runtime.createProgram(CEL.compile(expression).getAst());
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
            .setOptions(OPTIONS);
    VARIABLES.forEach(name -> builder.addVar(name, SimpleType.DYN));
    return builder.build();
  }

  private static Cel budgeted(int maxIterations) {
    synchronized (BUDGETED) {
      return BUDGETED.computeIfAbsent(
          maxIterations,
          budget ->
              CEL.toCelBuilder()
                  .setOptions(OPTIONS.toBuilder().comprehensionMaxIterations(budget).build())
                  .build());
    }
  }
}
