package dev.chorus.bridge;

import java.time.Duration;

/**
 * How the bridge reads the reply stream.
 *
 * @param consumerName this bridge's name in the consumer group; must be stable across restarts of
 *     the same instance so it finds its own pending replies again
 * @param readBatch most replies taken per XREADGROUP
 * @param readBlock how long one XREADGROUP waits for new replies
 */
public record BridgeSettings(String consumerName, int readBatch, Duration readBlock) {}
