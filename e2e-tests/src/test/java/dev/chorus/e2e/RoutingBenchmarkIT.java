package dev.chorus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.protocol.AgentRegistration;
import dev.chorus.protocol.RegistryKeys;
import dev.chorus.registry.CapabilityRequirement;
import dev.chorus.registry.RedisRegistry;
import dev.chorus.registry.RegistryCache;
import dev.chorus.registry.Route;
import dev.chorus.registry.Router;
import io.lettuce.core.RedisClient;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Routing decisions per second from the in-process cache and straight from Redis, side by side,
 * with {@value #AGENTS} agents registered. Prints both figures and their ratio (also kept in
 * reports/routing-benchmark.txt of its JVM's stack folder); asserts only that both decide alike.
 */
@ChorusE2E
class RoutingBenchmarkIT {

  static final int AGENTS = 24;
  private static final String CAPABILITY = "bench.route";
  private static final Duration MEASURE = Duration.ofSeconds(3);
  private static TestStack stack;

  @BeforeAll
  static void registerAgents(TestStack testStack) {
    stack = testStack;
    for (int i = 0; i < AGENTS; i++) {
      String id = "bench-" + i;
      String version = (1 + i % 3) + "." + (i % 5) + ".0";
      Map<String, String> labels = Map.of("region", i % 2 == 0 ? "eu" : "us");
      AgentRegistration agent = new AgentRegistration(id, CAPABILITY, version, 4, labels, false);
      stack.redis.hset(
          agent.key(), agent.toEntry(System.currentTimeMillis() + Duration.ofHours(1).toMillis()));
    }
    changed();
  }

  @AfterAll
  static void withdrawAgents() {
    for (int i = 0; i < AGENTS; i++) {
      stack.redis.del(RegistryKeys.agent(CAPABILITY, "bench-" + i));
    }
    changed();
  }

  @Test
  void routingFromTheCacheAgainstRoutingFromRedis() throws Exception {
    CapabilityRequirement requirement =
        CapabilityRequirement.parse(CAPABILITY, "^2 || ^1.2", List.of("region in (eu)"));
    RedisClient client = RedisClient.create(stack.redisServer.uri());
    try (var connection = client.connect();
        RegistryCache cache =
            new RegistryCache(
                new RedisRegistry(connection.sync()), client, Duration.ofSeconds(5))) {
      Router direct = new Router(new RedisRegistry(connection.sync()));
      Router cached = new Router(cache);
      assertThat(cached.route(requirement, null)).isEqualTo(direct.route(requirement, null));
      assertThat(cached.route(requirement, null))
          .isEqualTo(new Route("2.4.0", "chorus:tasks:bench.route:v2"));

      double fromRedis = perSecond(direct, requirement);
      double fromCache = perSecond(cached, requirement);
      String report =
          String.format(
              "routing decisions per second with %d agents registered: from Redis %.0f, from the cache %.0f, ratio %.0fx%n",
              AGENTS, fromRedis, fromCache, fromCache / fromRedis);
      System.out.print(report);
      Files.writeString(stack.reports.resolve("routing-benchmark.txt"), report);
    } finally {
      client.shutdown();
    }
  }

  /** Decisions per second over {@link #MEASURE}, after a warm-up of the same length. */
  private static double perSecond(Router router, CapabilityRequirement requirement) {
    count(router, requirement, MEASURE.toNanos());
    return count(router, requirement, MEASURE.toNanos()) / (MEASURE.toNanos() / 1e9);
  }

  private static long count(Router router, CapabilityRequirement requirement, long nanos) {
    long end = System.nanoTime() + nanos;
    long decisions = 0;
    while (System.nanoTime() < end) {
      router.route(requirement, null);
      decisions++;
    }
    return decisions;
  }

  private static void changed() {
    stack.redis.incr(RegistryKeys.VERSION);
    stack.redis.publish(RegistryKeys.CHANGES, CAPABILITY);
  }
}
