package dev.chorus.bridge;

import java.time.Duration;

/**
 * When tasks left pending by silent agents are handed on.
 *
 * @param consumerName the reclaimer's consumer name in each capability's group
 * @param minIdle how long a task may sit with one agent, untouched, before it counts as abandoned
 * @param maxDeliveries after this many deliveries without an answer a task is dead-lettered
 */
public record ReclaimSettings(String consumerName, Duration minIdle, int maxDeliveries) {

  public ReclaimSettings {
    if (maxDeliveries < 1) {
      throw new IllegalArgumentException("maxDeliveries must be at least 1, was " + maxDeliveries);
    }
  }
}
