package dev.chorus.app;

import dev.chorus.registry.CapabilityLimitStore;
import dev.chorus.registry.LeaseReaper;
import dev.chorus.registry.RedisRegistry;
import dev.chorus.registry.RegistryCache;
import dev.chorus.registry.RegistryOverview;
import dev.chorus.registry.ScaleSignals;
import dev.chorus.registry.ScaleTarget;
import dev.chorus.registry.credentials.AgentCredentials;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The agent registry: read from Redis for operators, cached for the worker's routing, and reaped of
 * expired leases by the bridge role (every bridge instance may reap; each agent is removed once).
 */
@Configuration(proxyBeanMethods = false)
class RegistryConfiguration {

  @Bean
  RedisRegistry redisRegistry(StatefulRedisConnection<String, String> redis) {
    return new RedisRegistry(redis.sync());
  }

  @Bean
  CapabilityLimitStore capabilityLimitStore(StatefulRedisConnection<String, String> redis) {
    return new CapabilityLimitStore(redis.sync());
  }

  @Bean
  RegistryOverview registryOverview(
      RedisRegistry registry,
      StatefulRedisConnection<String, String> redis,
      ChorusProperties properties) {
    ChorusProperties.Scaling scaling = properties.scaling();
    return new RegistryOverview(
        registry,
        redis.sync(),
        new ScaleSignals(
            new ScaleTarget(
                scaling.lagTarget(),
                scaling.pendingTarget(),
                scaling.minReplicas(),
                scaling.maxReplicas(),
                scaling.stabilizationWindow(),
                scaling.rateWindow())));
  }

  /**
   * Agents' Redis users, on the Redis the application uses (docs/architecture.md, "Trust model").
   */
  @Bean
  AgentCredentials agentCredentials(
      StatefulRedisConnection<String, String> redis, ChorusProperties properties) {
    return new AgentCredentials(redis.sync(), properties.redis().uri());
  }

  /** The worker routes from it, and the gateway checks each run's start against it. */
  @Bean(destroyMethod = "close")
  RegistryCache registryCache(
      RedisRegistry registry, RedisClient client, ChorusProperties properties) {
    return new RegistryCache(registry, client, properties.registry().versionCheck());
  }

  @Bean
  @ConditionalOnBooleanProperty(name = "chorus.roles.bridge", matchIfMissing = true)
  PeriodicTask leaseReaping(
      StatefulRedisConnection<String, String> redis, ChorusProperties properties) {
    return new PeriodicTask(
        "chorus-lease-reaper",
        new LeaseReaper(redis.sync(), Clock.systemUTC(), properties.bus().maxDeliveries()),
        properties.registry().reaperPeriod());
  }
}
