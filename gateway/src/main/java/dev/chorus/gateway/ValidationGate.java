package dev.chorus.gateway;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * At most {@code concurrency} definitions are read and validated at once: each holds the parsed
 * tree and compiled expressions of a body of up to {@code chorus.gateway.max-body-size}, so the
 * memory validation may take is bounded by this gate rather than by how many callers arrive
 * together. A caller that does not get its turn within {@code wait} is answered 503 with
 * Retry-After.
 */
final class ValidationGate {

  private final Semaphore permits;
  private final Duration wait;

  ValidationGate(int concurrency, Duration wait) {
    this.permits = new Semaphore(concurrency, true);
    this.wait = wait;
  }

  <T> T run(Supplier<T> validation) {
    boolean acquired;
    try {
      acquired = permits.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Busy();
    }
    if (!acquired) {
      throw new Busy();
    }
    try {
      return validation.get();
    } finally {
      permits.release();
    }
  }

  /** Every validation slot stayed taken for the whole wait. */
  static final class Busy extends RuntimeException {
    Busy() {
      super("every validation slot is taken; try again in a moment", null, false, false);
    }
  }
}
