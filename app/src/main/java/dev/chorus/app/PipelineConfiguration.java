package dev.chorus.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chorus.gateway.GatewayConfiguration;
import dev.chorus.gateway.PipelineCatalog;
import dev.chorus.gateway.TemporalUiLinks;
import dev.chorus.pipeline.DispatchMode;
import dev.chorus.pipeline.PipelineDefinition;
import io.temporal.client.WorkflowClient;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Pipeline definitions from configuration, and the gateway that starts them. */
@Configuration(proxyBeanMethods = false)
@Import(GatewayConfiguration.class)
class PipelineConfiguration {

  @Bean
  PipelineCatalog pipelineCatalog(ChorusProperties properties) {
    Map<String, PipelineDefinition> definitions =
        properties.pipelines().entrySet().stream()
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> new PipelineDefinition(e.getKey(), e.getValue().steps())));
    return name -> Optional.ofNullable(definitions.get(name));
  }

  /** How runs started here dispatch their steps; each run carries it, so changing it affects new runs only. */
  @Bean
  DispatchMode dispatchMode(ChorusProperties properties) {
    return properties.dispatch().mode();
  }

  @Bean
  TemporalUiLinks temporalUiLinks(ChorusProperties properties, WorkflowClient client) {
    return new TemporalUiLinks(properties.temporal().uiUrl(), client.getOptions().getNamespace());
  }

  /** Jackson 2, as the Temporal SDK uses it; the web layer has its own Jackson 3 mapper. */
  @Bean
  ObjectMapper wireJson() {
    return new ObjectMapper();
  }
}
