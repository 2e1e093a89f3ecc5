package dev.chorus.registry;

import dev.chorus.protocol.RegistryKeys;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry kept in memory, so routing costs no Redis round trip while nothing changes. Every
 * change is published on {@link RegistryKeys#CHANGES}, which marks the copy stale; the next
 * snapshot reads Redis again. A message lost while the subscription reconnects is caught by
 * comparing the change counter every {@code versionCheck}.
 */
public class RegistryCache implements RegistrySource, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RegistryCache.class);

  private final RedisRegistry redis;
  private final StatefulRedisPubSubConnection<String, String> changes;
  private final ScheduledExecutorService checker;
  private final AtomicBoolean stale = new AtomicBoolean(true);
  private volatile RegistrySnapshot current;

  public RegistryCache(RedisRegistry redis, RedisClient client, Duration versionCheck) {
    this.redis = redis;
    this.changes = client.connectPubSub();
    changes.addListener(
        new RedisPubSubAdapter<>() {
          @Override
          public void message(String channel, String agentId) {
            stale.set(true);
          }
        });
    changes.sync().subscribe(RegistryKeys.CHANGES);
    checker =
        Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "chorus-registry-check"));
    checker.scheduleWithFixedDelay(
        this::checkVersion,
        versionCheck.toMillis(),
        versionCheck.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  @Override
  public RegistrySnapshot snapshot() {
    // Cleared before reading, so a change published during the read marks the new copy stale again.
    // Until a first copy exists every caller reads one, rather than getting none while another
    // loads.
    if (stale.getAndSet(false) || current == null) {
      try {
        current = redis.snapshot();
      } catch (RuntimeException e) {
        stale.set(true);
        throw e;
      }
    }
    return current;
  }

  private void checkVersion() {
    try {
      RegistrySnapshot copy = current;
      if (copy != null && redis.version() != copy.version()) {
        stale.set(true);
      }
    } catch (RedisException e) {
      log.warn("could not check the registry version: {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    checker.shutdownNow();
    changes.close();
  }
}
