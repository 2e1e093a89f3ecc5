package dev.chorus.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.pipeline.RunSearchAttributes;
import dev.chorus.stack.junit.ServersExtension;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.file.Files;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Temporal server on its own PostgreSQL cluster, started for real, once for the class: each
 * start from an empty cluster costs an initdb and a schema migration.
 */
@ExtendWith(ServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresTemporalTest {

  private final PostgresTemporal engine;

  PostgresTemporalTest(StackHome home, Tools tools) {
    engine =
        new PostgresTemporal(
            home, "pg-test-temporal", tools, Ports.free(), TemporalServerPorts.free());
  }

  @BeforeAll
  void start() {
    engine.postgres().deleteCluster();
    assertThat(engine.start()).isTrue();
  }

  @AfterAll
  void stop() {
    engine.stop();
  }

  @Test
  void servesTheNamespaceWithEverySearchAttributeARunUpserts() {
    OperatorServiceStubs operator =
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder()
                .setTarget(engine.address())
                .validateAndBuildWithDefaults());
    try {
      var attributes =
          operator
              .blockingStub()
              .listSearchAttributes(
                  ListSearchAttributesRequest.newBuilder()
                      .setNamespace(TemporalEngine.NAMESPACE)
                      .build())
              .getCustomAttributesMap();
      RunSearchAttributes.ALL.forEach(key -> assertThat(attributes).containsKey(key.getName()));
    } finally {
      operator.shutdownNow();
    }
    assertThat(engine.uiUrl()).isNull();
    assertThat(Files.exists(engine.postgres().cluster().resolve("PG_VERSION"))).isTrue();
  }

  @Test
  void aRunOutlivesARestartOfTheServerAndTheCluster() {
    String workflowId = "restart-" + UUID.randomUUID();
    WorkflowServiceStubs service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(engine.address()).build());
    try {
      service
          .blockingStub()
          .startWorkflowExecution(
              StartWorkflowExecutionRequest.newBuilder()
                  .setNamespace(TemporalEngine.NAMESPACE)
                  .setWorkflowId(workflowId)
                  .setWorkflowType(WorkflowType.newBuilder().setName("NobodyRunsThis"))
                  .setTaskQueue(TaskQueue.newBuilder().setName("nobody-polls"))
                  .setRequestId(UUID.randomUUID().toString())
                  .build());
    } finally {
      service.shutdownNow();
    }

    engine.stop();
    assertThat(engine.components()).noneMatch(Component::running);
    assertThat(engine.start()).isTrue();

    WorkflowServiceStubs again =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(engine.address()).build());
    try {
      var described =
          again
              .blockingStub()
              .describeWorkflowExecution(
                  DescribeWorkflowExecutionRequest.newBuilder()
                      .setNamespace(TemporalEngine.NAMESPACE)
                      .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                      .build());
      assertThat(described.getWorkflowExecutionInfo().getType().getName())
          .isEqualTo("NobodyRunsThis");
    } finally {
      again.shutdownNow();
    }
  }
}
