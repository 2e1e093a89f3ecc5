package dev.chorus.app;

import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** UP when Redis answers PING within the timeout on the shared connection. */
final class RedisHealth implements HealthIndicator {

  private final StatefulRedisConnection<String, String> redis;
  private final Duration timeout;

  RedisHealth(StatefulRedisConnection<String, String> redis, Duration timeout) {
    this.redis = redis;
    this.timeout = timeout;
  }

  @Override
  public Health health() {
    try {
      String pong = redis.async().ping().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return Health.up().withDetail("ping", pong).build();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Health.down(e).build();
    } catch (Exception e) {
      return Health.down()
          .withDetail(
              "error",
              "no PONG within " + timeout.toMillis() + " ms: " + e.getClass().getSimpleName())
          .build();
    }
  }
}
