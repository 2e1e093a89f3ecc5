package dev.chorus.pipeline.workflow;

import dev.chorus.pipeline.AgentReply;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Replies received by signal, waiting for their step. Replies can come twice (an agent retried its
 * XADD), late (from a dispatch the step already gave up on) or for a task this run never sent (a
 * reply meant for an earlier run with the same workflow id): each is applied at most once. Once
 * {@link #bindToDispatches() bound}, a reply is taken only when it answers the step's current
 * dispatch (or is the dead-letter notice of it): the bridge has checked that the reply carries that
 * dispatch's token, and the run checks that the dispatch is the one it waits for.
 *
 * <p>Only lookups happen on these hash collections, never iteration, so their order cannot leak
 * into workflow decisions and break determinism.
 */
final class ReplyInbox {

  /** As the wire protocol's ReplyEnvelope.DEAD_LETTER_SUFFIX, which this module does not see. */
  static final String DEAD_LETTER_SUFFIX = "!dead-letter";

  private final Set<String> expected = new HashSet<>();
  private final Set<String> settled = new HashSet<>();
  private final Set<String> consumedDispatches = new HashSet<>();
  private final Map<String, AgentReply> waiting = new HashMap<>();
  private final Map<String, Integer> ignored = new HashMap<>();
  private final Map<String, String> currentDispatch = new HashMap<>();
  private boolean bound;

  /**
   * From now on only replies to a task's current dispatch are taken; runs recorded before this rule
   * keep taking replies to any dispatch, so their histories replay as they ran.
   */
  void bindToDispatches() {
    bound = true;
  }

  /** The task is being dispatched again under {@code dispatchId}: earlier dispatches are done. */
  void dispatching(String taskId, String dispatchId) {
    currentDispatch.put(taskId, dispatchId);
  }

  /** Whether the task went on the wire at least once. */
  boolean dispatched(String taskId) {
    return currentDispatch.containsKey(taskId);
  }

  /** Starts accepting replies for a task. */
  void expect(String taskId) {
    expected.add(taskId);
  }

  void offer(AgentReply reply) {
    String taskId = reply.taskId();
    boolean wanted =
        expected.contains(taskId)
            && !settled.contains(taskId)
            && !waiting.containsKey(taskId)
            && !consumedDispatches.contains(reply.dispatchId())
            && answersCurrentDispatch(reply);
    if (wanted) {
      waiting.put(taskId, reply);
    } else {
      ignored.merge(taskId, 1, Integer::sum);
    }
  }

  private boolean answersCurrentDispatch(AgentReply reply) {
    if (!bound) {
      return true;
    }
    String current = currentDispatch.get(reply.taskId());
    return current != null
        && (current.equals(reply.dispatchId())
            || (current + DEAD_LETTER_SUFFIX).equals(reply.dispatchId()));
  }

  boolean hasReply(String taskId) {
    return waiting.containsKey(taskId);
  }

  /** Removes the waiting reply; the dispatch it answered will not be accepted again. */
  Optional<AgentReply> take(String taskId) {
    AgentReply reply = waiting.remove(taskId);
    if (reply != null) {
      consumedDispatches.add(reply.dispatchId());
    }
    return Optional.ofNullable(reply);
  }

  /** The task has its final outcome; any later reply for it is ignored. */
  void settle(String taskId) {
    settled.add(taskId);
    waiting.remove(taskId);
  }

  int ignoredFor(String taskId) {
    return ignored.getOrDefault(taskId, 0);
  }
}
