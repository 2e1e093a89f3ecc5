package dev.chorus.app;

import io.lettuce.core.api.StatefulRedisConnection;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every role needs both Redis (streams, registry, definitions) and Temporal (runs, signals), so
 * both take part in readiness: a process that cannot reach either is taken out of traffic, not
 * restarted (liveness stays with the process's own state; see application.yaml's health groups).
 */
@Configuration(proxyBeanMethods = false)
class HealthConfiguration {

  static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

  @Bean
  HealthIndicator redisHealthIndicator(StatefulRedisConnection<String, String> redis) {
    return new RedisHealth(redis, PROBE_TIMEOUT);
  }

  @Bean
  HealthIndicator temporalHealthIndicator(WorkflowClient client) {
    return new TemporalHealth(client.getWorkflowServiceStubs(), PROBE_TIMEOUT);
  }
}
