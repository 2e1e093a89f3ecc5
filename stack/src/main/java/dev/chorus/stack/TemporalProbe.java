package dev.chorus.stack;

import dev.chorus.pipeline.RunSearchAttributes;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.api.workflowservice.v1.CountWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.api.workflowservice.v1.RegisterNamespaceRequest;
import io.temporal.common.SearchAttributeKey;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Talks to a Temporal frontend over its own gRPC API: whether it serves the namespace, and that the
 * namespace knows the search attributes every run upserts (Temporal refuses an upsert of an unknown
 * one).
 */
public final class TemporalProbe implements AutoCloseable {

  private static final Duration SEARCH_ATTRIBUTE_DEADLINE = Duration.ofSeconds(30);

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

  /** Throws unless the frontend answers GetSystemInfo, whichever namespaces exist. */
  void answers() {
    workflowService
        .blockingStub()
        .withDeadlineAfter(2, TimeUnit.SECONDS)
        .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
  }

  /** Throws Temporal's answer when it does not serve the namespace. */
  void check() {
    answers();
    workflowService
        .blockingStub()
        .withDeadlineAfter(2, TimeUnit.SECONDS)
        .describeNamespace(DescribeNamespaceRequest.newBuilder().setNamespace(namespace).build());
  }

  /**
   * Registers the namespace unless it exists, keeping closed runs for {@code retention}; the dev
   * server does this by itself, the Temporal server does not.
   */
  public void ensureNamespace(Duration retention) {
    try {
      workflowService
          .blockingStub()
          .withDeadlineAfter(10, TimeUnit.SECONDS)
          .registerNamespace(
              RegisterNamespaceRequest.newBuilder()
                  .setNamespace(namespace)
                  .setWorkflowExecutionRetentionPeriod(
                      com.google.protobuf.Duration.newBuilder().setSeconds(retention.toSeconds()))
                  .build());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
        throw e;
      }
    }
  }

  /**
   * Registers whichever of Chorus's search attributes the namespace lacks, and waits until list
   * queries know them; idempotent. A server that keeps them in its namespace records (the SQL
   * visibility store does) learns of new ones at its next namespace refresh, a few seconds later.
   */
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
      awaitQueryable();
    }
  }

  /** Until a count of runs that names every search attribute is accepted, within a deadline. */
  private void awaitQueryable() {
    String query =
        RunSearchAttributes.ALL.stream()
            .map(key -> key.getName() + " IS NULL")
            .collect(Collectors.joining(" AND "));
    long end = System.nanoTime() + SEARCH_ATTRIBUTE_DEADLINE.toNanos();
    while (true) {
      try {
        workflowService
            .blockingStub()
            .withDeadlineAfter(5, TimeUnit.SECONDS)
            .countWorkflowExecutions(
                CountWorkflowExecutionsRequest.newBuilder()
                    .setNamespace(namespace)
                    .setQuery(query)
                    .build());
        return;
      } catch (StatusRuntimeException unknownYet) {
        if (System.nanoTime() > end) {
          throw new StackException(
              "Temporal at "
                  + address
                  + " does not accept queries on Chorus's search attributes "
                  + SEARCH_ATTRIBUTE_DEADLINE.toSeconds()
                  + " s after they were added: "
                  + unknownYet.getMessage(),
              unknownYet);
        }
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new StackException("interrupted while waiting for search attributes", e);
        }
      }
    }
  }

  @Override
  public void close() {
    workflowService.shutdownNow();
  }
}
