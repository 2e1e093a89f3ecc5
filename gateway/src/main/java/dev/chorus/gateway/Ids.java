package dev.chorus.gateway;

import java.util.regex.Pattern;

/** Names that become Temporal workflow ids or Redis keys are held to a strict pattern. */
final class Ids {

  static final String PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,127}";

  /**
   * The id of a run to read or act on: a run's own id, or a sub-pipeline's, which appends to its
   * parent's id a segment per level ({@code /step}, {@code /each[2]/step}). Clients send each
   * {@code /} as {@code %2F}, so that the whole id stays one path segment.
   */
  static final String RUN_PATTERN = PATTERN + "(/[A-Za-z0-9_]{1,64}(\\[[0-9]{1,10}\\])?){0,32}";

  /**
   * The same, anchored, as the OpenAPI document states it (JSON Schema patterns match anywhere).
   */
  static final String DOCUMENTED = "^" + PATTERN + "$";

  static final String DOCUMENTED_RUN = "^" + RUN_PATTERN + "$";

  static final Pattern SAFE = Pattern.compile(PATTERN);

  private static final Pattern RUN = Pattern.compile(RUN_PATTERN);

  private Ids() {}

  static String require(String what, String value) {
    return require(what, value, SAFE);
  }

  /** A run id as {@link #RUN_PATTERN} describes it: a started run's or one of its sub-runs'. */
  static String requireRun(String what, String value) {
    return require(what, value, RUN);
  }

  private static String require(String what, String value, Pattern pattern) {
    if (value == null || !pattern.matcher(value).matches()) {
      throw new InvalidRequestException(
          what, "must match " + pattern.pattern() + " but was '" + value + "'");
    }
    return value;
  }
}
