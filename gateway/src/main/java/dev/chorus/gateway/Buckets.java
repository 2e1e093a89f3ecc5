package dev.chorus.gateway;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import java.time.Duration;

/**
 * One token bucket per caller, {@code permits} per {@code period}. A bucket untouched for a whole
 * period is full again, so it is dropped then (a caller coming back gets a fresh, equally full
 * one), and at most {@link #MAX_CALLERS} are kept: callers that make up names or addresses cannot
 * grow the map without bound.
 */
final class Buckets {

  /** Beyond this many callers in one period, the least recently seen lose their bucket. */
  static final int MAX_CALLERS = 100_000;

  private final RateLimiterConfig config;
  private final Cache<String, RateLimiter> buckets;

  Buckets(int permits, Duration period, Ticker ticker) {
    config =
        RateLimiterConfig.custom()
            .limitForPeriod(permits)
            .limitRefreshPeriod(period)
            .timeoutDuration(Duration.ZERO)
            .build();
    buckets =
        Caffeine.newBuilder()
            .expireAfterAccess(period)
            .maximumSize(MAX_CALLERS)
            .ticker(ticker)
            .build();
  }

  /** Takes one permit of the caller's bucket; false when it is empty. */
  boolean take(String caller) {
    return bucket(caller).acquirePermission();
  }

  /** Whether the caller's bucket is empty, without taking anything. */
  boolean empty(String caller) {
    RateLimiter bucket = buckets.getIfPresent(caller);
    return bucket != null && bucket.getMetrics().getAvailablePermissions() <= 0;
  }

  /** Whole seconds until the caller's bucket has a permit again, at least one. */
  long secondsToWait(String caller) {
    RateLimiter bucket = bucket(caller);
    long nanos =
        bucket.getMetrics() instanceof AtomicRateLimiter.AtomicRateLimiterMetrics metrics
            ? metrics.getNanosToWait()
            : config.getLimitRefreshPeriod().toNanos();
    return Math.max(1, (long) Math.ceil(nanos / 1e9));
  }

  int permits() {
    return config.getLimitForPeriod();
  }

  Duration period() {
    return config.getLimitRefreshPeriod();
  }

  /** Buckets kept now, after dropping the expired ones. */
  long size() {
    buckets.cleanUp();
    return buckets.estimatedSize();
  }

  private RateLimiter bucket(String caller) {
    return buckets.get(caller, name -> RateLimiter.of(name, config));
  }
}
