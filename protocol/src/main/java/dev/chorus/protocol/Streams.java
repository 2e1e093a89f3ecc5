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

  /** Prefix of every task stream; a pattern for SCAN is {@code TASKS_PREFIX + "*"}. */
  public static final String TASKS_PREFIX = "chorus:tasks:";

  /** Replies that could not be read, with the reason. */
  public static final String DEAD_REPLIES = "chorus:dead-letters:replies";

  /** Prefix of the per-capability dead-letter streams of tasks. */
  public static final String DEAD_TASKS_PREFIX = "chorus:dead-letters:tasks:";

  /** Run lifecycle events for other systems to subscribe to. */
  public static final String EVENTS = "chorus:events";

  private Streams() {}

  /** The task stream of a capability, e.g. {@code chorus:tasks:text.keywords}. */
  public static String tasks(String capability) {
    return TASKS_PREFIX + Capabilities.requireValidName(capability);
  }

  /** Where tasks of a capability go when they cannot be processed. */
  public static String deadTasks(String capability) {
    return DEAD_TASKS_PREFIX + Capabilities.requireValidName(capability);
  }

  /** The capability whose task stream this is, or null for any other stream. */
  public static String capabilityOf(String taskStream) {
    return taskStream.startsWith(TASKS_PREFIX) ? taskStream.substring(TASKS_PREFIX.length()) : null;
  }
}
