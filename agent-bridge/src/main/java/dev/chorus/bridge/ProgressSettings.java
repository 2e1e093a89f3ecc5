package dev.chorus.bridge;

import java.time.Duration;

/**
 * How the bridge relays agents' progress ({@link ProgressRelay}).
 *
 * @param consumerName this bridge's name in the consumer group of the progress stream
 * @param readBatch most entries taken per XREADGROUP
 * @param readBlock how long one XREADGROUP waits for new entries
 * @param maxEntryBytes largest progress entry (all its fields, in bytes) relayed; larger ones are
 *     dropped
 * @param ratePerSecond entries relayed per task and second, on average
 * @param burst entries one task may send at once before the rate applies
 */
public record ProgressSettings(
    String consumerName,
    int readBatch,
    Duration readBlock,
    long maxEntryBytes,
    double ratePerSecond,
    int burst) {

  public ProgressSettings {
    if (readBatch < 1 || maxEntryBytes < 1 || !(ratePerSecond > 0) || burst < 1) {
      throw new IllegalArgumentException(
          "progress limits must be positive: batch "
              + readBatch
              + ", "
              + maxEntryBytes
              + " bytes, "
              + ratePerSecond
              + " per second, burst "
              + burst);
    }
  }
}
