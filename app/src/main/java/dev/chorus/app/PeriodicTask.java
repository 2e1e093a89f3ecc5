package dev.chorus.app;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.context.SmartLifecycle;

/**
 * Runs a task on its own thread every period while the application runs (the lease reaper, the
 * sweep of run endings). A task that throws is not run again, so each catches its own failures.
 */
final class PeriodicTask implements SmartLifecycle {

  private final String name;
  private final Runnable task;
  private final Duration period;
  private ScheduledExecutorService schedule;

  PeriodicTask(String name, Runnable task, Duration period) {
    this.name = name;
    this.task = task;
    this.period = period;
  }

  @Override
  public synchronized void start() {
    schedule = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, name));
    schedule.scheduleWithFixedDelay(task, 0, period.toMillis(), TimeUnit.MILLISECONDS);
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
