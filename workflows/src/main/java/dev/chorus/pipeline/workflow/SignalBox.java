package dev.chorus.pipeline.workflow;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Signals for {@code wait} steps, by name, kept until a wait step takes them: a person who approves
 * before the run reaches its wait step is not lost.
 */
final class SignalBox {

  private final Map<String, ArrayDeque<Map<String, Object>>> received = new LinkedHashMap<>();

  SignalBox(Map<String, List<Map<String, Object>>> carried) {
    carried.forEach((name, payloads) -> received.put(name, new ArrayDeque<>(payloads)));
  }

  void offer(String name, Map<String, Object> payload) {
    received.computeIfAbsent(name, n -> new ArrayDeque<>()).add(payload);
  }

  boolean has(String name) {
    ArrayDeque<Map<String, Object>> queue = received.get(name);
    return queue != null && !queue.isEmpty();
  }

  Map<String, Object> take(String name) {
    return received.get(name).poll();
  }

  /** What has not been taken, to carry over a continue-as-new. */
  Map<String, List<Map<String, Object>>> untaken() {
    Map<String, List<Map<String, Object>>> left = new LinkedHashMap<>();
    received.forEach(
        (name, queue) -> {
          if (!queue.isEmpty()) {
            left.put(name, new ArrayList<>(queue));
          }
        });
    return left;
  }
}
