package dev.chorus.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chorus.gateway.GatewayConfiguration;
import dev.chorus.gateway.PipelineCatalog;
import dev.chorus.gateway.TemporalUiLinks;
import dev.chorus.pipeline.PipelineDefinition;
import dev.chorus.pipeline.StepDefinition;
import dev.chorus.registry.CapabilityRequirement;
import dev.chorus.registry.RequirementSyntaxException;
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
    definitions.values().forEach(PipelineConfiguration::checkRequirements);
    return name -> Optional.ofNullable(definitions.get(name));
  }

  /** A step's version range or label constraint that does not parse stops the start, naming the step. */
  private static void checkRequirements(PipelineDefinition pipeline) {
    for (StepDefinition step : pipeline.steps()) {
      try {
        CapabilityRequirement.parse(step.capability(), step.versionRange(), step.labels());
      } catch (RequirementSyntaxException e) {
        throw new IllegalArgumentException("pipeline '" + pipeline.name() + "', step '" + step.name() + "': " + e.getMessage(), e);
      }
    }
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
