package dev.chorus.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chorus.definition.BuiltInPipelines;
import dev.chorus.definition.DefinitionLimits;
import dev.chorus.definition.DefinitionValidator;
import dev.chorus.definition.RedisDefinitionStore;
import dev.chorus.gateway.GatewayConfiguration;
import dev.chorus.gateway.GatewaySettings;
import dev.chorus.gateway.LiveSettings;
import dev.chorus.gateway.TemporalUiLinks;
import dev.chorus.pipeline.DispatchMode;
import dev.chorus.pipeline.RunLimits;
import dev.chorus.registry.RedisRegistry;
import io.lettuce.core.api.StatefulRedisConnection;
import io.temporal.client.WorkflowClient;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Pipeline definitions (stored in Redis, the built-in ones registered at startup), and the gateway
 * that starts them.
 */
@Configuration(proxyBeanMethods = false)
@Import(GatewayConfiguration.class)
class PipelineConfiguration {

  @Bean
  RedisDefinitionStore definitionStore(StatefulRedisConnection<String, String> redis) {
    return new RedisDefinitionStore(redis.sync());
  }

  @Bean
  DefinitionValidator definitionValidator(
      RedisDefinitionStore store, RedisRegistry registry, ChorusProperties properties) {
    ChorusProperties.Limits limits = properties.pipelines().limits();
    return new DefinitionValidator(
        store,
        new DefinitionLimits(
            limits.maxSteps(),
            limits.maxParallelBranches(),
            limits.maxForEachConcurrency(),
            limits.maxWorkflowThreads(),
            limits.maxExpressionLength(),
            limits.maxExpressionDepth(),
            limits.maxLiteralElements(),
            limits.maxDuration()),
        registry);
  }

  /** What each run started here may spend; each run carries it, like the dispatch mode. */
  @Bean
  RunLimits runLimits(ChorusProperties properties) {
    ChorusProperties.Limits limits = properties.pipelines().limits();
    return new RunLimits(limits.maxExpressionIterations(), limits.maxForEachItems());
  }

  @Bean
  ApplicationRunner builtInPipelines(
      ChorusProperties properties, DefinitionValidator validator, RedisDefinitionStore store) {
    return args -> BuiltInPipelines.register(properties.pipelines().builtIn(), validator, store);
  }

  /**
   * How runs started here dispatch their steps; each run carries it, so changing it affects new
   * runs only.
   */
  @Bean
  DispatchMode dispatchMode(ChorusProperties properties) {
    return properties.dispatch().mode();
  }

  @Bean
  TemporalUiLinks temporalUiLinks(ChorusProperties properties, WorkflowClient client) {
    return new TemporalUiLinks(properties.temporal().uiUrl(), client.getOptions().getNamespace());
  }

  @Bean
  LiveSettings liveSettings(ChorusProperties properties) {
    ChorusProperties.Live live = properties.live();
    return new LiveSettings(
        live.streamsPerCaller(),
        live.maxStreams(),
        live.idleTimeout(),
        live.heartbeat(),
        live.readBatch(),
        // One XREAD waits as long as the bridge's: below the Redis command timeout.
        properties.bridge().readBlock());
  }

  @Bean
  GatewaySettings gatewaySettings(ChorusProperties properties) {
    ChorusProperties.Gateway gateway = properties.gateway();
    return new GatewaySettings(
        gateway.security().enabled(),
        gateway.security().rolesClaim(),
        gateway.security().apiKeys().stream()
            .map(k -> new GatewaySettings.ConfiguredKey(k.name(), k.sha256(), k.role()))
            .toList(),
        gateway.maxBodySize().toBytes(),
        gateway.rateLimit().requests(),
        gateway.rateLimit().period(),
        new GatewaySettings.JwtClaims(
            gateway.security().jwt().issuer(), gateway.security().jwt().audience()),
        gateway.rateLimit().failures(),
        gateway.rateLimit().failurePeriod(),
        gateway.validation().concurrency(),
        gateway.validation().maxWait());
  }

  /** Jackson 2, as the Temporal SDK uses it; the web layer has its own Jackson 3 mapper. */
  @Bean
  ObjectMapper wireJson() {
    return new ObjectMapper();
  }
}
