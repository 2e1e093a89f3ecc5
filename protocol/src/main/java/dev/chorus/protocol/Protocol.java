package dev.chorus.protocol;

/**
 * The version of the wire protocol that this code speaks; carried in every envelope as {@code v}.
 */
public final class Protocol {

  public static final String VERSION = "1";

  private Protocol() {}
}
