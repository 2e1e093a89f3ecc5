package dev.chorus.app;

import dev.chorus.protocol.RedisReconnects;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One Lettuce client per process; connections are thread-safe and shared for non-blocking commands.
 */
@Configuration(proxyBeanMethods = false)
class RedisConfiguration {

  @Bean(destroyMethod = "shutdown")
  ClientResources redisClientResources() {
    return RedisReconnects.clientResources();
  }

  @Bean(destroyMethod = "shutdown")
  RedisClient redisClient(ChorusProperties properties, ClientResources resources) {
    Duration timeout = properties.redis().commandTimeout();
    Duration block = properties.bridge().readBlock();
    // Blocking reads are commands too: one that may block as long as the timeout always fails.
    if (timeout.compareTo(block.plusSeconds(1)) < 0) {
      throw new IllegalStateException(
          "chorus.redis.command-timeout ("
              + timeout
              + ") must be at least a second longer than chorus.bridge.read-block ("
              + block
              + ")");
    }
    RedisURI uri = RedisURI.create(properties.redis().uri());
    uri.setTimeout(timeout);
    RedisClient client = RedisClient.create(resources, uri);
    // Lettuce's own default lets a command wait a minute, and without a timeout source the
    // asynchronous API waits forever.
    client.setOptions(
        ClientOptions.builder().timeoutOptions(TimeoutOptions.enabled(timeout)).build());
    return client;
  }

  @Bean(destroyMethod = "close")
  StatefulRedisConnection<String, String> redisConnection(RedisClient client) {
    return client.connect();
  }
}
