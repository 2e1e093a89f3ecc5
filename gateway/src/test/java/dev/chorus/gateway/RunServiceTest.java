package dev.chorus.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.pipeline.DispatchMode;
import dev.chorus.pipeline.RunLimits;
import dev.chorus.stack.Ports;
import dev.chorus.stack.TemporalDevServer;
import dev.chorus.stack.junit.ServersExtension;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.RpcRetryOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The run service against a real Temporal dev server, counting its DescribeWorkflowExecution calls
 * on the wire.
 */
@ExtendWith(ServersExtension.class)
class RunServiceTest {

  private final TemporalDevServer temporal;
  private final AtomicInteger describes = new AtomicInteger();
  private WorkflowServiceStubs service;
  private WorkflowClient client;
  private RunService runs;

  RunServiceTest(TemporalDevServer temporal) {
    this.temporal = temporal;
  }

  @BeforeEach
  void connect() {
    service = stubs(temporal.address(), describeCounter());
    client =
        WorkflowClient.newInstance(
            service,
            WorkflowClientOptions.newBuilder().setNamespace(TemporalDevServer.NAMESPACE).build());
    runs = runService(client);
  }

  @AfterEach
  void disconnect() {
    service.shutdownNow();
  }

  @Test
  void eachRequestDescribesTheRunOnce() {
    String runId = startRun();

    assertThat(describesOf(() -> runs.describe(runId))).as("GET run").isEqualTo(1);
    assertThat(describesOf(() -> runs.awaitResult(runId, Duration.ofMillis(100))))
        .as("GET run result")
        .isEqualTo(1);
    assertThat(describesOf(() -> runs.signal(runId, "approve", Map.of())))
        .as("POST signal")
        .isEqualTo(1);
    assertThat(describesOf(() -> runs.cancel(runId))).as("POST cancel").isEqualTo(1);
    assertThat(describesOf(() -> runs.terminate(runId, "done with it")))
        .as("POST terminate")
        .isEqualTo(1);
  }

  @Test
  void anUnknownRunIsNotFound() {
    assertThatThrownBy(() -> runs.describe("no-such-run")).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> runs.signal("no-such-run", "approve", Map.of()))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void temporalOutOfReachIsUnavailable() {
    WorkflowServiceStubs nowhere = stubs("127.0.0.1:" + Ports.free(), describeCounter());
    try {
      RunService unreachable =
          runService(
              WorkflowClient.newInstance(
                  nowhere,
                  WorkflowClientOptions.newBuilder()
                      .setNamespace(TemporalDevServer.NAMESPACE)
                      .build()));
      assertThatThrownBy(() -> unreachable.describe("some-run"))
          .isInstanceOf(TemporalUnavailableException.class);
    } finally {
      nowhere.shutdownNow();
    }
  }

  /** A run no worker ever picks up: RUNNING, and it takes signals, cancellation and termination. */
  private String startRun() {
    String runId = "run-" + UUID.randomUUID();
    client
        .newUntypedWorkflowStub(
            "PipelineWorkflow",
            WorkflowOptions.newBuilder().setWorkflowId(runId).setTaskQueue("nobody-polls").build())
        .start();
    return runId;
  }

  private int describesOf(Runnable request) {
    describes.set(0);
    request.run();
    return describes.get();
  }

  private ClientInterceptor describeCounter() {
    String describe = WorkflowServiceGrpc.getDescribeWorkflowExecutionMethod().getFullMethodName();
    return new ClientInterceptor() {
      @Override
      public <Q, A> ClientCall<Q, A> interceptCall(
          MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
        if (method.getFullMethodName().equals(describe)) {
          describes.incrementAndGet();
        }
        return next.newCall(method, options);
      }
    };
  }

  private static RunService runService(WorkflowClient client) {
    // Only starting a run reads definitions.
    return new RunService(
        client,
        null,
        null,
        null,
        new TemporalUiLinks("http://ui", TemporalDevServer.NAMESPACE),
        DispatchMode.ACTIVITY,
        RunLimits.NONE);
  }

  /** Stubs that give up on an unreachable Temporal within a second, not the SDK's minute. */
  private static WorkflowServiceStubs stubs(String target, ClientInterceptor interceptor) {
    return WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder()
            .setTarget(target)
            .setGrpcClientInterceptors(List.of(interceptor))
            .setRpcRetryOptions(
                RpcRetryOptions.newBuilder()
                    .setExpiration(Duration.ofSeconds(1))
                    .validateBuildWithDefaults())
            .build());
  }
}
