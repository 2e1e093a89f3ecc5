package dev.chorus.registry;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns samples of one stream's depths into its {@link ScaleSignal}: rates from the change of its
 * counters over the rate window, and desired replicas held at the highest recommendation of the
 * stabilisation window, as the HPA behind KEDA holds them. Each process computes from the samples
 * it took itself; safe for concurrent callers.
 */
public final class ScaleSignals {

  private final ScaleTarget target;
  private final Map<String, Deque<Sample>> samples = new HashMap<>();

  /**
   * One look at a stream.
   *
   * @param atMillis when, by one clock for all of a stream's samples
   * @param lag entries no agent has read
   * @param pending entries read and not yet acknowledged
   * @param read entries the group has ever read (XINFO GROUPS {@code entries-read})
   * @param replicas what {@link ScaleTarget#replicasFor} asked for at that moment
   */
  private record Sample(long atMillis, long lag, long pending, long read, int replicas) {
    long completed() {
      return read - pending;
    }

    long added() {
      return read + lag;
    }
  }

  public ScaleSignals(ScaleTarget target) {
    this.target = target;
  }

  public ScaleTarget target() {
    return target;
  }

  /** Records a sample of {@code stream} taken at {@code atMillis} and returns its signal. */
  public synchronized ScaleSignal record(
      String stream, long atMillis, long lag, long pending, long read) {
    Deque<Sample> window = samples.computeIfAbsent(stream, s -> new ArrayDeque<>());
    Sample now = new Sample(atMillis, lag, pending, read, target.replicasFor(lag, pending));
    if (!window.isEmpty() && now.read() < window.peekLast().read()) {
      // The stream or its group was made again: its counters started over.
      window.clear();
    }
    window.addLast(now);
    long keep = keep();
    // Streams of majors that went away are forgotten once both windows have passed them by.
    samples.values().removeIf(w -> w.peekLast().atMillis() < atMillis - keep);
    while (window.size() > 1 && window.peekFirst().atMillis() < atMillis - keep) {
      window.removeFirst();
    }
    return signal(window, now);
  }

  private ScaleSignal signal(Deque<Sample> window, Sample now) {
    int desired = now.replicas();
    Sample oldestInRateWindow = now;
    for (Sample s : window) {
      if (s.atMillis() >= now.atMillis() - millis(target.stabilizationWindow())) {
        desired = Math.max(desired, s.replicas());
      }
      if (s.atMillis() >= now.atMillis() - millis(target.rateWindow())
          && s.atMillis() < oldestInRateWindow.atMillis()) {
        oldestInRateWindow = s;
      }
    }
    long span = now.atMillis() - oldestInRateWindow.atMillis();
    if (span <= 0) {
      return new ScaleSignal(null, null, desired);
    }
    double seconds = span / 1000.0;
    return new ScaleSignal(
        Math.max(0, now.added() - oldestInRateWindow.added()) / seconds,
        Math.max(0, now.completed() - oldestInRateWindow.completed()) / seconds,
        desired);
  }

  private long keep() {
    return Math.max(millis(target.stabilizationWindow()), millis(target.rateWindow()));
  }

  private static long millis(Duration d) {
    return d.toMillis();
  }
}
