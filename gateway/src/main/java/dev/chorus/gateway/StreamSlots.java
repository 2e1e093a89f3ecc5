package dev.chorus.gateway;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admission of live streams: at most so many open per caller and so many in all on this instance,
 * each held until its stream closes. Counts of callers with no stream open are dropped, so the map
 * holds only callers that have one.
 */
final class StreamSlots {

  /** A stream refused for a limit; answered 429. */
  static final class Full extends RuntimeException {
    Full(String message) {
      super(message);
    }
  }

  /** One open stream's place; closing it twice frees it once. */
  final class Slot implements AutoCloseable {
    private final String caller;
    private boolean closed;

    private Slot(String caller) {
      this.caller = caller;
    }

    @Override
    public synchronized void close() {
      if (!closed) {
        closed = true;
        release(caller);
      }
    }
  }

  private final int perCaller;
  private final int total;
  private final ConcurrentHashMap<String, AtomicInteger> open = new ConcurrentHashMap<>();
  private final AtomicInteger all = new AtomicInteger();

  StreamSlots(int perCaller, int total) {
    this.perCaller = perCaller;
    this.total = total;
  }

  Slot acquire(String caller) {
    if (all.incrementAndGet() > total) {
      all.decrementAndGet();
      throw new Full(
          "this gateway instance serves "
              + total
              + " live streams already (chorus.live.max-streams); try another instance or later");
    }
    boolean[] admitted = {false};
    open.compute(
        caller,
        (who, count) -> {
          AtomicInteger held = count == null ? new AtomicInteger() : count;
          if (held.get() < perCaller) {
            held.incrementAndGet();
            admitted[0] = true;
          }
          return held.get() == 0 ? null : held;
        });
    if (!admitted[0]) {
      all.decrementAndGet();
      throw new Full(
          "at most "
              + perCaller
              + " live streams may be open per caller (chorus.live.streams-per-caller); close one"
              + " first");
    }
    return new Slot(caller);
  }

  /** Streams open now. */
  int open() {
    return all.get();
  }

  /** Streams open now, for one caller. */
  int openFor(String caller) {
    AtomicInteger count = open.get(caller);
    return count == null ? 0 : count.get();
  }

  private void release(String caller) {
    open.computeIfPresent(caller, (who, count) -> count.decrementAndGet() == 0 ? null : count);
    all.decrementAndGet();
  }
}
