package dev.chorus.app;

import dev.chorus.gateway.DeadLetterQueues;
import dev.chorus.protocol.DeadLetters;
import io.lettuce.core.api.StatefulRedisConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The dead-letter queues that operators inspect and re-drive through the gateway. */
@Configuration(proxyBeanMethods = false)
class BusConfiguration {

  @Bean
  DeadLetterQueues deadLetterQueues(
      StatefulRedisConnection<String, String> redis, ChorusProperties properties) {
    return new DeadLetterQueues(new DeadLetters(redis.sync()), properties.bus().redriveDeadline());
  }
}
