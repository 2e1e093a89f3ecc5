package dev.chorus.gateway;

import dev.chorus.definition.CapabilitySchemas;
import dev.chorus.definition.PipelineReferences;
import dev.chorus.definition.RedisDefinitionStore;
import dev.chorus.pipeline.DispatchMode;
import dev.chorus.pipeline.RunLimits;
import dev.chorus.protocol.DispatchTokens;
import dev.chorus.protocol.ReplyChecks;
import dev.chorus.registry.RedisRegistry;
import dev.chorus.registry.RegistryCache;
import dev.chorus.registry.Router;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.temporal.client.WorkflowClient;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The gateway role: the REST API, its security and its OpenAPI document. Off with {@code
 * chorus.roles.gateway=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "chorus.roles.gateway", matchIfMissing = true)
@Import({
  RunController.class,
  RunStreamController.class,
  PipelineController.class,
  AgentController.class,
  CapabilityLimitController.class,
  DeadLetterController.class,
  InvokeController.class,
  ApiKeyController.class,
  AgentCredentialController.class,
  GatewayErrors.class,
  ProblemErrorController.class,
  ServletContainerConfiguration.class,
  GatewaySecurity.class,
  OpenApiDocument.class
})
public class GatewayConfiguration {

  @Bean(destroyMethod = "close")
  Invoker invoker(
      RedisClient redis, RedisRegistry registry, DispatchTokens tokens, ReplyChecks checks) {
    return new Invoker(redis, new Router(registry), tokens, checks);
  }

  @Bean
  RunService runService(
      WorkflowClient client,
      RedisDefinitionStore store,
      // Every start reads the published schemas: from the cache, not a scan of the registry.
      RegistryCache registry,
      TemporalUiLinks links,
      DispatchMode dispatch,
      RunLimits limits) {
    return new RunService(
        client,
        store,
        new PipelineReferences(store),
        new CapabilitySchemas(registry),
        links,
        dispatch,
        limits);
  }

  @Bean(destroyMethod = "close")
  RunStreams runStreams(
      RedisClient redis,
      StatefulRedisConnection<String, String> shared,
      RunService runs,
      LiveSettings settings) {
    return new RunStreams(redis, shared, runs::status, settings);
  }

  /** How many live streams this instance serves, and how many runs they follow. */
  @Bean
  MeterBinder liveStreamGauges(RunStreams streams) {
    return registry -> {
      Gauge.builder("chorus.live.streams", streams, RunStreams::open)
          .description("live streams this gateway instance serves now")
          .register(registry);
      Gauge.builder("chorus.live.runs", streams, RunStreams::followedRuns)
          .description("running runs this gateway instance follows for them, one Redis read each")
          .register(registry);
    };
  }

  @Bean
  RunListing runListing(WorkflowClient client, TemporalUiLinks links) {
    return new RunListing(client, links);
  }

  @Bean
  ApiKeys apiKeys(StatefulRedisConnection<String, String> redis, GatewaySettings settings) {
    return new ApiKeys(redis.sync(), settings.apiKeys());
  }
}
