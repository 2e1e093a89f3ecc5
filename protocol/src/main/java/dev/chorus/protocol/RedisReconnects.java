package dev.chorus.protocol;

import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * How every process on the wire reconnects to Redis. Lettuce's own back-off doubles up to 30 s, so
 * after an outage of a few seconds an agent could stay away for as long again, past its lease and
 * past a step's {@code waitForAgent}: runs would fail for want of agents that are alive. Trying at
 * least every {@link #MAX_DELAY} brings every process back within a second of Redis, for the cost
 * of one connection attempt a second while it is away.
 */
public final class RedisReconnects {

  /** The longest pause between two reconnection attempts. */
  public static final Duration MAX_DELAY = Duration.ofSeconds(1);

  private RedisReconnects() {}

  /**
   * Client resources with that reconnect delay (1 ms doubling to {@link #MAX_DELAY}); the caller
   * owns them and shuts them down after the clients that use them.
   */
  public static ClientResources clientResources() {
    return DefaultClientResources.builder()
        .reconnectDelay(
            Delay.exponential(Duration.ofMillis(1), MAX_DELAY, 2, TimeUnit.MILLISECONDS))
        .build();
  }
}
