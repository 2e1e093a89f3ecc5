package dev.chorus.bench;

import dev.chorus.registry.CapabilityView;
import dev.chorus.registry.RegistryOverview;
import io.lettuce.core.RedisException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for KEDA on one machine: every {@code poll} it reads the capability's desired
 * replicas, as Chorus computes them ({@code ScaleSignals}, the formula and window of the KEDA
 * ScaledObjects in infra/), and starts or stops agent processes to match. Benchmark code, not
 * product code: a cluster runs KEDA.
 */
final class LocalScaler implements AutoCloseable {

  private final RegistryOverview overview;
  private final String capability;
  private final AgentPool pool;
  private final ScheduledExecutorService schedule =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "bench-local-scaler"));

  LocalScaler(RegistryOverview overview, String capability, AgentPool pool, Duration poll) {
    this.overview = overview;
    this.capability = capability;
    this.pool = pool;
    schedule.scheduleWithFixedDelay(this::poll, 0, poll.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void poll() {
    try {
      for (CapabilityView view : overview.capabilities()) {
        if (view.capability().equals(capability)) {
          view.majors().stream()
              .filter(m -> m.major() == 1)
              .findFirst()
              .ifPresent(m -> pool.scaleTo(m.scale().desiredReplicas()));
        }
      }
    } catch (RedisException e) {
      System.err.println("local scaler: reading the signal failed, will retry: " + e.getMessage());
    }
  }

  @Override
  public void close() throws InterruptedException {
    schedule.shutdownNow();
    schedule.awaitTermination(10, TimeUnit.SECONDS);
  }
}
