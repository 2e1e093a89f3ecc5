package dev.chorus.registry;

import dev.chorus.protocol.RegistryKeys;
import dev.chorus.protocol.Streams;
import dev.chorus.protocol.TaskHandOff;
import io.lettuce.core.Consumer;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.models.stream.PendingMessage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops agents whose lease ran out and hands their unfinished tasks on. Any number of Chorus
 * instances may run one: DEL of the agent's key succeeds for exactly one of them, which then owns
 * the agent's removal.
 *
 * <p>A task the expired agent had read but not acknowledged is appended to its stream again (same
 * fields, so the same task and dispatch ids) for a live agent of that major to read, and only then
 * acknowledged; the expired consumer is then deleted from the group. If the agent was not dead but
 * stalled, its late reply is a duplicate that the run ignores.
 *
 * <p>What the entry says is not trusted: the capability is its key's, and every major's task stream
 * of that capability is searched for the agent's unfinished tasks, since its credentials let it
 * read any of them. An entry without a readable lease counts as expired.
 */
public class LeaseReaper implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(LeaseReaper.class);

  private final RedisCommands<String, String> redis;
  private final RedisRegistry registry;
  private final Clock clock;
  private final TaskHandOff handOff;

  public LeaseReaper(RedisCommands<String, String> redis, Clock clock, int maxDeliveries) {
    this.handOff = new TaskHandOff(redis, "lease-reaper", maxDeliveries);
    this.redis = redis;
    this.registry = new RedisRegistry(redis);
    this.clock = clock;
  }

  @Override
  public void run() {
    try {
      reap();
    } catch (RuntimeException e) {
      // Runs on a schedule: the next round tries again.
      log.warn("reaping expired agents failed: {}", e.getMessage());
    }
  }

  /** Removes every agent whose lease expired, and returns their ids. */
  public List<String> reap() {
    List<String> reaped = new ArrayList<>();
    long now = clock.millis();
    for (String key : registry.keys()) {
      Optional<RegistryKeys.Owner> owner = RegistryKeys.ownerOf(key);
      if (owner.isEmpty()) {
        log.warn("ignoring registry key {}: not chorus:agent:<capability>:<agentId>", key);
        continue;
      }
      Map<String, String> fields = redis.hgetall(key);
      OptionalLong lease = RegistryEntry.lease(fields);
      if (!fields.isEmpty()
          && (lease.isEmpty() || lease.getAsLong() < now)
          && redis.del(key) == 1) {
        expire(owner.get());
        reaped.add(owner.get().agentId());
      }
    }
    return reaped;
  }

  private void expire(RegistryKeys.Owner owner) {
    redis.incr(RegistryKeys.VERSION);
    redis.publish(RegistryKeys.CHANGES, owner.agentId());
    int handedOn = 0;
    for (String stream : taskStreams(owner.capability())) {
      try {
        handedOn += reclaim(stream, owner.agentId());
      } catch (RedisException e) {
        log.warn(
            "could not hand on the tasks of expired agent {} in {}: {}",
            owner.agentId(),
            stream,
            e.getMessage());
      }
    }
    log.info("agent {} expired; {} unfinished task(s) handed on", owner.agentId(), handedOn);
  }

  /** The task streams of every major of {@code capability}. */
  private List<String> taskStreams(String capability) {
    List<String> streams = new ArrayList<>();
    ScanCursor cursor = ScanCursor.INITIAL;
    do {
      KeyScanCursor<String> page =
          redis.scan(
              cursor,
              ScanArgs.Builder.matches(Streams.TASKS_PREFIX + capability + ":v*").limit(1000));
      page.getKeys().stream()
          .filter(stream -> capability.equals(Streams.capabilityOf(stream)))
          .filter(stream -> !streams.contains(stream))
          .forEach(streams::add);
      cursor = page;
    } while (!cursor.isFinished());
    return streams;
  }

  private int reclaim(String stream, String agentId) {
    Consumer<String> consumer = Consumer.from(Streams.AGENT_GROUP, agentId);
    List<PendingMessage> pending =
        redis.xpending(stream, consumer, Range.create("-", "+"), Limit.from(10_000));
    for (PendingMessage entry : pending) {
      for (StreamMessage<String, String> task :
          redis.xrange(stream, Range.create(entry.getId(), entry.getId()))) {
        handOff.handOn(stream, task);
      }
      redis.xack(stream, Streams.AGENT_GROUP, entry.getId());
    }
    redis.xgroupDelconsumer(stream, consumer);
    return pending.size();
  }
}
