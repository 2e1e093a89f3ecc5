package dev.chorus.agent;

import dev.chorus.protocol.AgentRegistration;
import dev.chorus.protocol.RegistryKeys;
import io.lettuce.core.RedisException;
import io.lettuce.core.ZAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's entry in the registry (docs/agent-protocol.md, "Registration and leases"): registered
 * on start, renewed by a heartbeat, marked draining, withdrawn on a clean shutdown. The connection
 * is its own because MULTI/EXEC must not interleave with the runner's commands.
 */
public final class AgentLease implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AgentLease.class);

  private final StatefulRedisConnection<String, String> connection;
  private final Duration lease;
  private final Clock clock;
  private final ScheduledExecutorService heartbeat;
  private volatile AgentRegistration registration;

  AgentLease(
      StatefulRedisConnection<String, String> connection,
      AgentRegistration registration,
      Duration lease,
      Clock clock) {
    this.connection = connection;
    this.registration = registration;
    this.lease = lease;
    this.clock = clock;
    this.heartbeat =
        Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "agent-heartbeat"));
  }

  /** Registers and renews every {@code interval} until closed. */
  void start(Duration interval) {
    register();
    heartbeat.scheduleAtFixedRate(
        this::renew, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** HSET the description, ZADD the lease, and tell every cache. */
  synchronized void register() {
    RedisCommands<String, String> redis = connection.sync();
    String key = RegistryKeys.agent(registration.agentId());
    redis.multi();
    redis.del(key);
    redis.hset(key, registration.toFields());
    redis.zadd(RegistryKeys.LEASES, expiry(), registration.agentId());
    redis.incr(RegistryKeys.VERSION);
    redis.publish(RegistryKeys.CHANGES, registration.agentId());
    redis.exec();
  }

  /**
   * ZADD XX moves the lease on only while the agent is still registered; when the registry already
   * dropped it (a pause longer than the lease), it registers afresh.
   */
  synchronized void renew() {
    try {
      Long changed =
          connection
              .sync()
              .zadd(
                  RegistryKeys.LEASES,
                  ZAddArgs.Builder.xx().ch(),
                  expiry(),
                  registration.agentId());
      if (changed == null || changed == 0) {
        log.warn("registration of {} had expired; registering again", registration.agentId());
        register();
      }
    } catch (RedisException e) {
      // The next heartbeat tries again; the lease outlives a missed one.
      log.warn("lease renewal of {} failed: {}", registration.agentId(), e.getMessage());
    }
  }

  /** Marks the agent draining: Chorus routes nothing new to it. */
  void drain() {
    registration = registration.drain();
    try {
      register();
    } catch (RedisException e) {
      // The agent reads nothing new either way; the registry learns of it on withdrawal or expiry.
      log.warn("could not mark {} draining: {}", registration.agentId(), e.getMessage());
    }
  }

  /** Removes the registration at once, rather than letting it expire. */
  @Override
  public synchronized void close() {
    heartbeat.shutdownNow();
    try {
      RedisCommands<String, String> redis = connection.sync();
      redis.multi();
      redis.del(RegistryKeys.agent(registration.agentId()));
      redis.zrem(RegistryKeys.LEASES, registration.agentId());
      redis.incr(RegistryKeys.VERSION);
      redis.publish(RegistryKeys.CHANGES, registration.agentId());
      redis.exec();
    } catch (RedisException e) {
      log.warn(
          "could not withdraw {}; its lease will expire: {}",
          registration.agentId(),
          e.getMessage());
    } finally {
      connection.close();
    }
  }

  private double expiry() {
    return clock.millis() + lease.toMillis();
  }
}
