package dev.chorus.app;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One Lettuce client per process; connections are thread-safe and shared for non-blocking commands.
 */
@Configuration(proxyBeanMethods = false)
class RedisConfiguration {

  @Bean(destroyMethod = "shutdown")
  RedisClient redisClient(ChorusProperties properties) {
    return RedisClient.create(properties.redis().uri());
  }

  @Bean(destroyMethod = "close")
  StatefulRedisConnection<String, String> redisConnection(RedisClient client) {
    return client.connect();
  }
}
