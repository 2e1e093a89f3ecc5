package dev.chorus.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Rate-limit buckets are dropped once idle for a period, so made-up callers do not pile up. */
class BucketsTest {

  private final AtomicLong nanos = new AtomicLong();
  private final Ticker ticker = nanos::get;

  @Test
  void bucketsOfCallersIdleForAPeriodAreDropped() {
    Buckets buckets = new Buckets(5, Duration.ofSeconds(10), ticker);
    for (int i = 0; i < 20_000; i++) {
      buckets.take("subject-" + i);
    }
    assertThat(buckets.size()).isEqualTo(20_000);

    nanos.addAndGet(Duration.ofSeconds(11).toNanos());
    buckets.take("subject-0");

    assertThat(buckets.size()).isEqualTo(1);
  }

  @Test
  void anEmptiedBucketRefusesUntilRefilled() {
    Buckets buckets = new Buckets(2, Duration.ofHours(1), ticker);
    assertThat(buckets.empty("a")).isFalse();
    assertThat(buckets.take("a")).isTrue();
    assertThat(buckets.take("a")).isTrue();
    assertThat(buckets.take("a")).isFalse();
    assertThat(buckets.empty("a")).isTrue();
    assertThat(buckets.secondsToWait("a")).isPositive();
    assertThat(buckets.empty("b")).isFalse();
  }
}
