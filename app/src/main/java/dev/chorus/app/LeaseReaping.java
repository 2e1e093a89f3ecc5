package dev.chorus.app;

import dev.chorus.registry.LeaseReaper;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.context.SmartLifecycle;

/** Runs the {@link LeaseReaper} every period while the application runs. */
final class LeaseReaping implements SmartLifecycle {

  private final LeaseReaper reaper;
  private final Duration period;
  private ScheduledExecutorService schedule;

  LeaseReaping(LeaseReaper reaper, Duration period) {
    this.reaper = reaper;
    this.period = period;
  }

  @Override
  public synchronized void start() {
    schedule =
        Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "chorus-lease-reaper"));
    schedule.scheduleWithFixedDelay(reaper, 0, period.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void stop() {
    schedule.shutdownNow();
    schedule = null;
  }

  @Override
  public synchronized boolean isRunning() {
    return schedule != null;
  }
}
