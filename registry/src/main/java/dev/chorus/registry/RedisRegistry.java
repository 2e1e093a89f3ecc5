package dev.chorus.registry;

import dev.chorus.protocol.AgentRegistration;
import dev.chorus.protocol.MalformedEnvelopeException;
import dev.chorus.protocol.RegistryKeys;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The registry read straight from Redis, its source of truth: one round trip per agent. */
public class RedisRegistry implements RegistrySource {

  private static final Logger log = LoggerFactory.getLogger(RedisRegistry.class);

  private final RedisCommands<String, String> redis;

  public RedisRegistry(RedisCommands<String, String> redis) {
    this.redis = redis;
  }

  /**
   * The change counter; read before the agents, so a change made while reading shows as a newer
   * version.
   */
  public long version() {
    String value = redis.get(RegistryKeys.VERSION);
    return value == null ? 0 : Long.parseLong(value);
  }

  @Override
  public RegistrySnapshot snapshot() {
    long version = version();
    List<RegisteredAgent> agents = new ArrayList<>();
    for (ScoredValue<String> lease : redis.zrangeWithScores(RegistryKeys.LEASES, 0, -1)) {
      String agentId = lease.getValue();
      Map<String, String> fields = redis.hgetall(RegistryKeys.agent(agentId));
      if (fields.isEmpty()) {
        continue; // withdrawn between the two reads
      }
      try {
        agents.add(
            RegisteredAgent.of(
                AgentRegistration.fromFields(agentId, fields), (long) lease.getScore()));
      } catch (MalformedEnvelopeException e) {
        log.warn("ignoring agent {}: {}", agentId, e.getMessage());
      }
    }
    return new RegistrySnapshot(version, agents);
  }
}
