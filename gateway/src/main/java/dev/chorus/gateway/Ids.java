package dev.chorus.gateway;

import java.util.regex.Pattern;

/** Names that become Temporal workflow ids or Redis keys are held to a strict pattern. */
final class Ids {

  static final String PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,127}";

  /**
   * The same, anchored, as the OpenAPI document states it (JSON Schema patterns match anywhere).
   */
  static final String DOCUMENTED = "^" + PATTERN + "$";

  static final Pattern SAFE = Pattern.compile(PATTERN);

  private Ids() {}

  static String require(String what, String value) {
    if (value == null || !SAFE.matcher(value).matches()) {
      throw new InvalidRequestException(
          what, "must match " + SAFE.pattern() + " but was '" + value + "'");
    }
    return value;
  }
}
