package dev.chorus.bridge;

import java.time.Duration;

/**
 * How the bridge reads the reply stream.
 *
 * @param consumerName this bridge's name in the consumer group; must be stable across restarts of
 *     the same instance so it finds its own pending replies again
 * @param readBatch most replies taken per XREADGROUP
 * @param readBlock how long one XREADGROUP waits for new replies
 * @param signalConcurrency most replies of one read signalled at once; 1 signals them one by one
 */
public record BridgeSettings(
    String consumerName, int readBatch, Duration readBlock, int signalConcurrency) {

  public BridgeSettings {
    if (readBatch < 1 || signalConcurrency < 1) {
      throw new IllegalArgumentException(
          "readBatch and signalConcurrency must be at least 1, were "
              + readBatch
              + " and "
              + signalConcurrency);
    }
  }
}
