package dev.chorus.agent;

import dev.chorus.protocol.AgentRegistration;
import dev.chorus.protocol.RegistryKeys;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's entry in the registry (docs/agent-protocol.md, "Registration and leases"): registered
 * on start, renewed by a heartbeat, marked draining, withdrawn on a clean shutdown. The connection
 * is its own because MULTI/EXEC must not interleave with the runner's commands. The hash is the
 * agent's own key ({@code chorus:agent:<capability>:<agentId>}), the only registry key its
 * credentials let it write. Chorus's push deliverer holds one on behalf of each HTTP agent it
 * serves, which never touches Redis itself.
 */
public final class AgentLease implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AgentLease.class);

  private final StatefulRedisConnection<String, String> connection;
  private final Duration lease;
  private final Clock clock;
  private final ScheduledExecutorService heartbeat;
  private final String key;
  private final Map<String, String> schemas;
  private volatile AgentRegistration registration;

  /**
   * @param schemas the schema fields written with every registration ({@link AgentSchemas})
   */
  public AgentLease(
      StatefulRedisConnection<String, String> connection,
      AgentRegistration registration,
      Map<String, String> schemas,
      Duration lease,
      Clock clock) {
    this.connection = connection;
    this.registration = registration;
    this.schemas = Map.copyOf(schemas);
    this.key = registration.key();
    this.lease = lease;
    this.clock = clock;
    this.heartbeat =
        Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "agent-heartbeat"));
  }

  /** Registers and renews every {@code interval} until closed. */
  public void start(Duration interval) {
    register();
    heartbeat.scheduleAtFixedRate(
        this::renew, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Replaces the agent's own hash with its description and lease, and tells every cache. */
  synchronized void register() {
    RedisCommands<String, String> redis = connection.sync();
    redis.multi();
    try {
      redis.del(key);
      Map<String, String> entry = registration.toEntry(clock.millis() + lease.toMillis());
      entry.putAll(schemas);
      redis.hset(key, entry);
      redis.incr(RegistryKeys.VERSION);
      redis.publish(RegistryKeys.CHANGES, registration.agentId());
      redis.exec();
    } catch (RuntimeException e) {
      // A transaction cut off by a lost connection is abandoned, or every later command of this
      // connection would be queued into it and answer nothing.
      try {
        redis.discard();
      } catch (RuntimeException alreadyGone) {
        e.addSuppressed(alreadyGone);
      }
      throw e;
    }
  }

  /**
   * HSET of the lease field alone moves the lease on. It reports a new field when the registry had
   * already dropped the agent (a pause longer than the lease): the hash then holds nothing but the
   * lease, which the registry ignores, and the agent registers afresh.
   */
  synchronized void renew() {
    try {
      if (!Boolean.FALSE.equals(connection.sync().hset(key, RegistryKeys.LEASE_FIELD, expiry()))) {
        log.warn("registration of {} had expired; registering again", registration.agentId());
        register();
      }
    } catch (RuntimeException e) {
      // Whatever failed, the heartbeat must go on: an exception would end the schedule for good,
      // and the agent would drop out of the registry while it runs. The next one tries again; the
      // lease outlives a missed one.
      log.warn("lease renewal of {} failed: {}", registration.agentId(), e.toString());
    }
  }

  /** Marks the agent draining: Chorus routes nothing new to it. */
  public void drain() {
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
      redis.del(key);
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

  private String expiry() {
    return Long.toString(clock.millis() + lease.toMillis());
  }
}
