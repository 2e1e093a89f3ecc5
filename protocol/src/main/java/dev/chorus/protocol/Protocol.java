package dev.chorus.protocol;

/**
 * The version of the wire protocol that this code speaks; carried in every envelope as {@code v}.
 * Version 2 binds each reply to its dispatch with a token (see {@link DispatchTokens}).
 */
public final class Protocol {

  public static final String VERSION = "2";

  /** The version before dispatch tokens, named in the reason an entry of it is refused with. */
  static final String RETIRED_VERSION = "1";

  private Protocol() {}
}
