package dev.chorus.app;

import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** UP when the Temporal frontend answers GetSystemInfo within the timeout. */
final class TemporalHealth implements HealthIndicator {

  private final WorkflowServiceStubs stubs;
  private final Duration timeout;

  TemporalHealth(WorkflowServiceStubs stubs, Duration timeout) {
    this.stubs = stubs;
    this.timeout = timeout;
  }

  @Override
  public Health health() {
    try {
      stubs
          .blockingStub()
          .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
      return Health.up().build();
    } catch (RuntimeException e) {
      return Health.down()
          .withDetail("error", e.getClass().getSimpleName() + ": " + e.getMessage())
          .build();
    }
  }
}
