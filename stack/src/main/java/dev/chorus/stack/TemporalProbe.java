package dev.chorus.stack;

import dev.chorus.pipeline.RunSearchAttributes;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.common.SearchAttributeKey;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Talks to a Temporal frontend over its own gRPC API: whether it serves the namespace, and that the
 * namespace knows the search attributes every run upserts (Temporal refuses an upsert of an unknown
 * one).
 */
public final class TemporalProbe implements AutoCloseable {

  private final String address;
  private final String namespace;
  private final WorkflowServiceStubs workflowService;

  public TemporalProbe(String address, String namespace) {
    this.address = address;
    this.namespace = namespace;
    this.workflowService =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setTarget(address)
                .setRpcTimeout(Duration.ofSeconds(2))
                .build());
  }

  /** GetSystemInfo answers and the namespace exists. */
  public boolean serving() {
    try {
      check();
      return true;
    } catch (StatusRuntimeException e) {
      return false;
    }
  }

  /** Throws Temporal's answer when it does not serve the namespace. */
  void check() {
    workflowService
        .blockingStub()
        .withDeadlineAfter(2, TimeUnit.SECONDS)
        .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
    workflowService
        .blockingStub()
        .withDeadlineAfter(2, TimeUnit.SECONDS)
        .describeNamespace(DescribeNamespaceRequest.newBuilder().setNamespace(namespace).build());
  }

  /** Registers whichever of Chorus's search attributes the namespace lacks; idempotent. */
  public void ensureSearchAttributes() {
    OperatorServiceStubs operatorService =
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder()
                .setTarget(address)
                .validateAndBuildWithDefaults());
    try {
      addMissing(operatorService);
    } finally {
      operatorService.shutdownNow();
    }
  }

  private void addMissing(OperatorServiceStubs operatorService) {
    Map<String, IndexedValueType> existing =
        operatorService
            .blockingStub()
            .withDeadlineAfter(5, TimeUnit.SECONDS)
            .listSearchAttributes(
                ListSearchAttributesRequest.newBuilder().setNamespace(namespace).build())
            .getCustomAttributesMap();
    AddSearchAttributesRequest.Builder missing =
        AddSearchAttributesRequest.newBuilder().setNamespace(namespace);
    for (SearchAttributeKey<?> key : RunSearchAttributes.ALL) {
      if (!existing.containsKey(key.getName())) {
        missing.putSearchAttributes(key.getName(), key.getValueType());
      }
    }
    if (missing.getSearchAttributesCount() > 0) {
      operatorService
          .blockingStub()
          .withDeadlineAfter(10, TimeUnit.SECONDS)
          .addSearchAttributes(missing.build());
    }
  }

  @Override
  public void close() {
    workflowService.shutdownNow();
  }
}
