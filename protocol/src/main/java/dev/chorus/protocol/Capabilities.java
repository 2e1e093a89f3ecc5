package dev.chorus.protocol;

import java.util.regex.Pattern;

/** Rules for capability names, which become parts of Redis keys. */
public final class Capabilities {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)*");

  private Capabilities() {}

  /** Names the dead-letter queue of replies, so no capability may take it. */
  public static final String RESERVED = "replies";

  public static boolean isValidName(String capability) {
    return capability != null
        && capability.length() <= 100
        && NAME.matcher(capability).matches()
        && !RESERVED.equals(capability);
  }

  public static String requireValidName(String capability) {
    if (!isValidName(capability)) {
      throw new IllegalArgumentException(
          "capability name '"
              + capability
              + "' must be dot-separated lower-case words like 'text.keywords'"
              + " (and not '"
              + RESERVED
              + "')");
    }
    return capability;
  }
}
