package dev.chorus.gateway;

import dev.chorus.pipeline.DispatchMode;
import io.temporal.client.WorkflowClient;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The gateway role: the REST API. Off with {@code chorus.roles.gateway=false}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "chorus.roles.gateway", matchIfMissing = true)
@Import({RunController.class, GatewayErrors.class})
public class GatewayConfiguration {

  @Bean
  RunService runService(WorkflowClient client, PipelineCatalog catalog, TemporalUiLinks links, DispatchMode dispatch) {
    return new RunService(client, catalog, links, dispatch);
  }
}
