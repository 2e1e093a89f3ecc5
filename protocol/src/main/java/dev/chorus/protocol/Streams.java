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

  /**
   * The task stream of one major version of a capability, e.g. {@code chorus:tasks:text.keywords:v1}.
   * Each major has its own stream so agents of different majors never take each other's tasks.
   */
  public static String tasks(String capability, int major) {
    Capabilities.requireValidName(capability);
    if (major < 0) {
      throw new IllegalArgumentException("major version must not be negative, was " + major);
    }
    return "chorus:tasks:" + capability + ":v" + major;
  }
}
