package dev.chorus.pipeline.workflow;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The type of an agent's error, which retry policies name in {@code nonRetryableErrors}: the word
 * before the first ':' of the error message ({@code "RateLimited: try later"} is {@code
 * RateLimited}), or {@code AgentError} when the message has none.
 */
final class ErrorTypes {

  static final String UNTYPED = "AgentError";
  private static final Pattern TYPED =
      Pattern.compile("([A-Za-z][A-Za-z0-9_.-]*):.*", Pattern.DOTALL);

  private ErrorTypes() {}

  static String of(String error) {
    if (error == null) {
      return UNTYPED;
    }
    Matcher m = TYPED.matcher(error);
    return m.matches() ? m.group(1) : UNTYPED;
  }
}
