package dev.chorus.registry;

import dev.chorus.protocol.AgentRegistration;
import dev.chorus.protocol.MalformedEnvelopeException;
import dev.chorus.protocol.RegistryKeys;
import dev.chorus.protocol.Streams;
import dev.chorus.protocol.TaskHandOff;
import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.models.stream.PendingMessage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops agents whose lease ran out and hands their unfinished tasks on. Any number of Chorus
 * instances may run one: ZREM succeeds for exactly one of them, which then owns the agent's
 * removal.
 *
 * <p>A task the expired agent had read but not acknowledged is appended to its stream again (same
 * fields, so the same task and dispatch ids) for a live agent of that major to read, and only then
 * acknowledged; the expired consumer is then deleted from the group. If the agent was not dead but
 * stalled, its late reply is a duplicate that the run ignores.
 */
public class LeaseReaper implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(LeaseReaper.class);

  private final RedisCommands<String, String> redis;
  private final Clock clock;
  private final TaskHandOff handOff;

  public LeaseReaper(RedisCommands<String, String> redis, Clock clock, int maxDeliveries) {
    this.handOff = new TaskHandOff(redis, "lease-reaper", maxDeliveries);
    this.redis = redis;
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
    for (String agentId :
        redis.zrangebyscore(
            RegistryKeys.LEASES, Range.create(Double.NEGATIVE_INFINITY, (double) clock.millis()))) {
      if (redis.zrem(RegistryKeys.LEASES, agentId) == 1) {
        expire(agentId);
        reaped.add(agentId);
      }
    }
    return reaped;
  }

  private void expire(String agentId) {
    Map<String, String> fields = redis.hgetall(RegistryKeys.agent(agentId));
    redis.del(RegistryKeys.agent(agentId));
    redis.incr(RegistryKeys.VERSION);
    redis.publish(RegistryKeys.CHANGES, agentId);
    if (fields.isEmpty()) {
      return;
    }
    try {
      AgentRegistration agent = AgentRegistration.fromFields(agentId, fields);
      int handedOn = reclaim(Streams.tasks(agent.capability(), agent.major()), agentId);
      log.info("agent {} expired; {} unfinished task(s) handed on", agentId, handedOn);
    } catch (MalformedEnvelopeException e) {
      log.warn(
          "expired agent {} had a malformed registration, nothing to hand on: {}",
          agentId,
          e.getMessage());
    }
  }

  private int reclaim(String stream, String agentId) {
    if (redis.exists(stream) == 0) {
      return 0;
    }
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
