package dev.chorus.protocol;

/**
 * Names of the Redis streams and consumer groups that make up the agent wire. Every process derives
 * names from here so a stream is never spelled twice.
 */
public final class Streams {

  /** Consumer group that the agents of one capability share on that capability's task stream. */
  public static final String AGENT_GROUP = "agents";

  /** Stream on which every agent writes its replies. */
  public static final String REPLIES = "chorus:replies";

  /** Consumer group of the bridge on {@link #REPLIES}. */
  public static final String BRIDGE_GROUP = "bridge";

  /** Where envelopes that cannot be read are kept, with the reason, instead of being dropped. */
  public static final String DEAD_LETTERS = "chorus:dead-letters";

  private Streams() {}

  /** The task stream of a capability, e.g. {@code chorus:tasks:text.keywords}. */
  public static String tasks(String capability) {
    Capabilities.requireValidName(capability);
    return "chorus:tasks:" + capability;
  }
}
