package dev.chorus.gateway;

import dev.chorus.definition.PipelineReferences;
import dev.chorus.definition.RedisDefinitionStore;
import io.temporal.client.WorkflowClient;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The gateway role: the REST API. Off with {@code chorus.roles.gateway=false}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "chorus.roles.gateway", matchIfMissing = true)
@Import({RunController.class, PipelineController.class, GatewayErrors.class})
public class GatewayConfiguration {

  @Bean
  RunService runService(WorkflowClient client, RedisDefinitionStore store, TemporalUiLinks links) {
    return new RunService(client, store, new PipelineReferences(store), links);
  }
}
