package dev.chorus.gateway;

import java.time.Duration;

/**
 * How the gateway serves runs' live streams ({@code GET /api/v1/runs/{runId}/stream}); built from
 * {@code chorus.live.*}.
 *
 * @param streamsPerCaller open streams one caller (API key, JWT subject, or address) may hold; more
 *     are refused with 429
 * @param maxStreams open streams this instance holds at most, each with a thread of its own (a
 *     running run's streams share one blocking Redis connection); more are refused with 429
 * @param idleTimeout a stream that has had nothing new for this long is closed
 * @param heartbeat how often an idle stream sends a comment line, so proxies keep it open and a
 *     client that went away is noticed
 * @param readBatch most entries read from Redis at once per stream, and the size of a running run's
 *     window of newest entries ({@link RunTail})
 * @param readBlock how long one XREAD waits for new entries; below the Redis command timeout
 */
public record LiveSettings(
    int streamsPerCaller,
    int maxStreams,
    Duration idleTimeout,
    Duration heartbeat,
    int readBatch,
    Duration readBlock) {

  public LiveSettings {
    if (streamsPerCaller < 1
        || maxStreams < 1
        || readBatch < 1
        || !positive(idleTimeout)
        || !positive(heartbeat)
        || !positive(readBlock)) {
      throw new IllegalArgumentException(
          "live stream limits must be positive: "
              + streamsPerCaller
              + " per caller, "
              + maxStreams
              + " in all, idle "
              + idleTimeout
              + ", heartbeat "
              + heartbeat
              + ", batch "
              + readBatch
              + ", block "
              + readBlock);
    }
  }

  private static boolean positive(Duration duration) {
    return !duration.isNegative() && !duration.isZero();
  }
}
