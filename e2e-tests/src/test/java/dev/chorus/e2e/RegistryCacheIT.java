package dev.chorus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chorus.protocol.AgentRegistration;
import dev.chorus.protocol.RegistryKeys;
import dev.chorus.registry.RedisRegistry;
import dev.chorus.registry.RegistryCache;
import dev.chorus.registry.RegistrySnapshot;
import io.lettuce.core.RedisClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The registry cache against the real Redis: kept while nothing changes, replaced when something
 * does.
 */
@ChorusE2E
class RegistryCacheIT {

  private final TestStack stack;

  RegistryCacheIT(TestStack stack) {
    this.stack = stack;
  }

  @Test
  void theCacheIsReusedUntilAChangeIsPublishedOrTheCounterMoves() {
    RedisClient client = RedisClient.create(stack.redisServer.uri());
    try (var connection = client.connect();
        RegistryCache cache =
            new RegistryCache(
                new RedisRegistry(connection.sync()), client, Duration.ofMillis(300))) {
      RegistrySnapshot first = cache.snapshot();
      assertThat(cache.snapshot()).as("no change, no reload").isSameAs(first);

      register("cache-probe");
      stack.redis.incr(RegistryKeys.VERSION);
      stack.redis.publish(RegistryKeys.CHANGES, "cache-probe");
      await("the published change invalidates the copy")
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  cache.snapshot().agents().stream()
                      .anyMatch(a -> a.agentId().equals("cache-probe")));

      // A change whose message was lost: only the counter moves.
      stack.redis.del(RegistryKeys.agent("cache.probe", "cache-probe"));
      stack.redis.incr(RegistryKeys.VERSION);
      await("the version check notices the counter")
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  cache.snapshot().agents().stream()
                      .noneMatch(a -> a.agentId().equals("cache-probe")));
      RegistrySnapshot settled = cache.snapshot();
      assertThat(cache.snapshot()).isSameAs(settled);
    } finally {
      client.shutdown();
    }
  }

  private void register(String id) {
    AgentRegistration agent = new AgentRegistration(id, "cache.probe", "1.0.0", 1, Map.of(), false);
    stack.redis.hset(agent.key(), agent.toEntry(System.currentTimeMillis() + 60_000));
  }
}
