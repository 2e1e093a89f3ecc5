package dev.chorus.push;

import java.time.Duration;

/**
 * How the deliverer reads, posts and retries; the same for every capability it serves.
 *
 * @param readBlock how long one XREADGROUP blocks
 * @param requestTimeout longest wait for one answer; a task's deadline shortens it
 * @param minBackoff the wait after a first failed request; it doubles with each further failure
 * @param maxBackoff the longest wait between two requests of one task
 * @param maxAttempts failed requests (an error status, no connection, no answer in time) after
 *     which the task is dead-lettered; a 429 is the agent being busy, not failing, and does not
 *     count
 * @param heartbeat how often the agent's lease is renewed
 * @param lease how long a registration lives without renewal
 * @param touchInterval how often the tasks in hand are touched, so the reclaimer leaves them alone
 * @param drainTimeout how long a stopping deliverer waits for its requests in flight
 */
public record DeliverySettings(
    Duration readBlock,
    Duration requestTimeout,
    Duration minBackoff,
    Duration maxBackoff,
    int maxAttempts,
    Duration heartbeat,
    Duration lease,
    Duration touchInterval,
    Duration drainTimeout) {

  public DeliverySettings {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("max attempts must be at least 1, was " + maxAttempts);
    }
  }

  /** The wait after the {@code failures}-th failed request in a row. */
  Duration backoff(int failures) {
    long millis = minBackoff.toMillis() << Math.min(Math.max(failures - 1, 0), 20);
    return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
  }
}
