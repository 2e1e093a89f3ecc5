package dev.chorus.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.stack.junit.ServersExtension;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ServersExtension.class)
class TemporalDevServerTest {

  @Test
  void servesTheNamespaceWithEverySearchAttributeARunUpserts(TemporalDevServer temporal) {
    OperatorServiceStubs operator =
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder()
                .setTarget(temporal.address())
                .validateAndBuildWithDefaults());
    try {
      var attributes =
          operator
              .blockingStub()
              .listSearchAttributes(
                  ListSearchAttributesRequest.newBuilder()
                      .setNamespace(TemporalDevServer.NAMESPACE)
                      .build())
              .getCustomAttributesMap();
      dev.chorus.pipeline.RunSearchAttributes.ALL.forEach(
          key -> assertThat(attributes).containsKey(key.getName()));
    } finally {
      operator.shutdownNow();
    }
  }

  @Test
  void theSameServerIsSharedByEveryTest(TemporalDevServer first, TemporalDevServer second) {
    assertThat(first).isSameAs(second);
    assertThat(first.running()).isTrue();
  }
}
