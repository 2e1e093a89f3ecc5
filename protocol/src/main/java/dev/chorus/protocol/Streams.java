package dev.chorus.protocol;

import java.util.Map;
import java.util.regex.Pattern;

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

  /** Stream on which agents write progress and partial output of the tasks in their hands. */
  public static final String PROGRESS = "chorus:progress";

  /** Prefix of the per-run live streams, {@code chorus:runs:<runId>:live}. */
  public static final String LIVE_PREFIX = "chorus:runs:";

  // The task envelope schema's pattern of replyTo.
  private static final Pattern REPLY_STREAM = Pattern.compile("chorus:replies(:[A-Za-z0-9._-]+)*");

  private Streams() {}

  /**
   * Where the dead-letter notice of an entry that could not be read as a task goes: the stream its
   * {@code replyTo} names when that is a reply stream, so that a request/reply caller learns of it
   * at once rather than at its timeout; {@link #REPLIES} otherwise.
   */
  public static String noticeStream(Map<String, String> fields) {
    String replyTo = fields.get("replyTo");
    return replyTo != null && REPLY_STREAM.matcher(replyTo).matches() ? replyTo : REPLIES;
  }

  /**
   * The task stream of one major version of a capability, e.g. {@code
   * chorus:tasks:text.keywords:v1}. Each major has its own stream so agents of different majors
   * never take each other's tasks.
   */
  public static String tasks(String capability, int major) {
    Capabilities.requireValidName(capability);
    if (major < 0) {
      throw new IllegalArgumentException("major version must not be negative, was " + major);
    }
    return TASKS_PREFIX + capability + ":v" + major;
  }

  /**
   * The live stream of one run: its lifecycle events and its agents' checked progress, in the order
   * they happened, for clients to follow (the gateway's {@code /runs/{runId}/stream}).
   */
  public static String live(String runId) {
    if (runId == null || runId.isEmpty()) {
      throw new IllegalArgumentException("a live stream needs a run id");
    }
    return LIVE_PREFIX + runId + ":live";
  }

  /** Where tasks of a capability (of any major) go when they cannot be processed. */
  public static String deadTasks(String capability) {
    return DEAD_TASKS_PREFIX + Capabilities.requireValidName(capability);
  }

  /**
   * The capability whose task stream this is ({@code chorus:tasks:<capability>:v<major>}), or null
   * for any other stream.
   */
  public static String capabilityOf(String taskStream) {
    if (!taskStream.startsWith(TASKS_PREFIX)) {
      return null;
    }
    String rest = taskStream.substring(TASKS_PREFIX.length());
    int major = rest.lastIndexOf(":v");
    return major < 0 ? rest : rest.substring(0, major);
  }
}
