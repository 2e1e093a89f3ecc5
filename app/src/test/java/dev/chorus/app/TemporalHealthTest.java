package dev.chorus.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

/**
 * Readiness follows Temporal: nothing listening at the frontend's address means DOWN, within the
 * probe's deadline.
 */
class TemporalHealthTest {

  @Test
  void anUnreachableFrontendIsDown() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:" + closedPort).build());
    try {
      var health = new TemporalHealth(stubs, Duration.ofSeconds(2)).health();
      assertThat(health.getStatus()).isEqualTo(Status.DOWN);
      assertThat(health.getDetails().get("error").toString()).contains("StatusRuntimeException");
    } finally {
      stubs.shutdownNow();
    }
  }
}
