package dev.chorus.pipeline;

/**
 * What one run may spend evaluating its definition, fixed when it starts (as {@code
 * chorus.pipelines.limits.*} said then) and carried in its input, so a changed setting never makes
 * a replay decide differently. A step that goes over fails, with the reason, instead of retrying
 * its workflow task forever.
 *
 * @param expressionIterations most comprehension iterations ({@code map}, {@code filter}, {@code
 *     all}, {@code exists}, nested ones counted together) of one expression evaluation; 0 for none
 * @param forEachItems most items a {@code forEach} may iterate over; 0 for none
 */
public record RunLimits(int expressionIterations, int forEachItems) {

  /** Runs started before limits existed evaluated without any, and replay the same way. */
  public static final RunLimits NONE = new RunLimits(0, 0);

  public RunLimits {
    if (expressionIterations < 0 || forEachItems < 0) {
      throw new IllegalArgumentException(
          "run limits cannot be negative: " + expressionIterations + ", " + forEachItems);
    }
  }
}
