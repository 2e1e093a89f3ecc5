package dev.chorus.pipeline;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Replies received by signal, queued for their step in arrival order. Replies can come twice (an
 * agent repeated its XADD), late (from a dispatch the step already gave up on) or for a task this run
 * never sent (meant for an earlier run with the same workflow id): each dispatch is answered at most
 * once, and nothing is accepted for a task that has its outcome.
 *
 * <p>Only lookups happen on these hash collections, never iteration, so their order cannot leak into
 * workflow decisions and break determinism; per task, replies keep signal order, which replay keeps.
 */
final class ReplyInbox {

  private final Set<String> expected = new HashSet<>();
  private final Set<String> settled = new HashSet<>();
  private final Set<String> answeredDispatches = new HashSet<>();
  private final Map<String, Deque<AgentReply>> queued = new HashMap<>();
  private final Map<String, Integer> ignored = new HashMap<>();

  /** Starts accepting replies for a task. */
  void expect(String taskId) {
    expected.add(taskId);
  }

  void offer(AgentReply reply) {
    String taskId = reply.taskId();
    boolean wanted = expected.contains(taskId) && !settled.contains(taskId) && answeredDispatches.add(reply.dispatchId());
    if (wanted) {
      queued.computeIfAbsent(taskId, id -> new ArrayDeque<>()).addLast(reply);
    } else {
      ignored.merge(taskId, 1, Integer::sum);
    }
  }

  boolean hasReply(String taskId) {
    Deque<AgentReply> replies = queued.get(taskId);
    return replies != null && !replies.isEmpty();
  }

  /** The oldest reply not yet taken. */
  Optional<AgentReply> take(String taskId) {
    Deque<AgentReply> replies = queued.get(taskId);
    return replies == null ? Optional.empty() : Optional.ofNullable(replies.pollFirst());
  }

  /** The task has its final outcome; replies still queued or yet to come are ignored. */
  void settle(String taskId) {
    settled.add(taskId);
    Deque<AgentReply> leftover = queued.remove(taskId);
    if (leftover != null && !leftover.isEmpty()) {
      ignored.merge(taskId, leftover.size(), Integer::sum);
    }
  }

  int ignoredFor(String taskId) {
    return ignored.getOrDefault(taskId, 0);
  }
}
