package dev.chorus.pipeline.model;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as definitions write them: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code
 * 7d}, or ISO-8601.
 */
public final class Durations {

  private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private Durations() {}

  public static Duration parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("a duration is required");
    }
    Matcher m = SHORT.matcher(text.trim());
    if (m.matches()) {
      try {
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        };
      } catch (ArithmeticException | NumberFormatException tooLarge) {
        throw new IllegalArgumentException("'" + text + "' is too long a duration");
      }
    }
    try {
      return Duration.parse(text.trim());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration (write e.g. 500ms, 30s, 5m, 2h, 7d or PT30S)");
    }
  }
}
