package dev.chorus.definition;

import java.time.Duration;

/**
 * The cost budget of a definition, checked at validation so that a definition the worker cannot run
 * is refused with a 400 instead of leaving runs stuck. Each refusal names the setting ({@code
 * chorus.pipelines.limits.*}) that bounds it.
 *
 * @param maxSteps most steps in one definition, nested ones included
 * @param maxParallelBranches most branches of one {@code parallel} step
 * @param maxForEachConcurrency highest {@code concurrency} of one {@code forEach}
 * @param maxWorkflowThreads most workflow threads a run of the definition may hold at once
 *     (branches and forEach items each take one, nested ones multiply); below the worker's pool
 * @param maxExpressionLength most characters in one CEL expression
 * @param maxExpressionDepth deepest nesting of one CEL expression's syntax tree
 * @param maxLiteralElements most elements of one list or map literal in an expression
 * @param maxDuration longest timeout, interval or wait; every duration must also be positive
 */
public record DefinitionLimits(
    int maxSteps,
    int maxParallelBranches,
    int maxForEachConcurrency,
    int maxWorkflowThreads,
    int maxExpressionLength,
    int maxExpressionDepth,
    int maxLiteralElements,
    Duration maxDuration) {

  static final String PREFIX = "chorus.pipelines.limits.";

  public DefinitionLimits {
    if (maxSteps < 1
        || maxParallelBranches < 1
        || maxForEachConcurrency < 1
        || maxWorkflowThreads < 1
        || maxExpressionLength < 1
        || maxExpressionDepth < 1
        || maxLiteralElements < 1
        || maxDuration == null
        || maxDuration.isNegative()
        || maxDuration.isZero()) {
      throw new IllegalArgumentException("every " + PREFIX + "* limit must be positive");
    }
  }
}
