package dev.chorus.registry;

import dev.chorus.protocol.Streams;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** What operators see: the agents, and per capability its versions, agents and stream depths. */
public class RegistryOverview {

  private final RedisRegistry registry;
  private final RedisCommands<String, String> redis;
  private final CapabilityLimitStore limits;
  private final ScaleSignals scale;

  /** A one-off listing, with no scale signals: each major's {@code scale} is null. */
  public RegistryOverview(RedisRegistry registry, RedisCommands<String, String> redis) {
    this(registry, redis, null);
  }

  /**
   * @param scale the signals each listing samples the streams into
   */
  public RegistryOverview(
      RedisRegistry registry, RedisCommands<String, String> redis, ScaleSignals scale) {
    this.registry = registry;
    this.redis = redis;
    this.limits = new CapabilityLimitStore(redis);
    this.scale = scale;
  }

  public List<AgentView> agents() {
    return registry.snapshot().agents().stream().map(AgentView::of).toList();
  }

  public List<CapabilityView> capabilities() {
    RegistrySnapshot snapshot = registry.snapshot();
    Map<String, Map<Integer, List<RegisteredAgent>>> byCapability =
        snapshot.agents().stream()
            .collect(
                Collectors.groupingBy(
                    a -> a.registration().capability(),
                    TreeMap::new,
                    Collectors.groupingBy(
                        a -> a.version().getMajor(), TreeMap::new, Collectors.toList())));
    List<CapabilityView> views = new ArrayList<>();
    Map<String, CapabilityLimits> limited = limits.all();
    long now = redisNow();
    byCapability.forEach(
        (capability, majors) -> {
          List<CapabilityView.Major> entries = new ArrayList<>();
          majors.forEach(
              (major, agents) -> entries.add(major(snapshot, capability, major, agents, now)));
          views.add(
              new CapabilityView(
                  capability,
                  limited.getOrDefault(capability, CapabilityLimits.NONE),
                  pausedUntil(capability, now),
                  entries));
        });
    return views;
  }

  /** The end of the capability's pause, if it is later than {@code now}. */
  private Instant pausedUntil(String capability, long now) {
    long until = limits.pausedUntil(capability);
    return until > now ? Instant.ofEpochMilli(until) : null;
  }

  /**
   * Redis's clock, the one the dispatch script ends pauses by and the one the scale signals are
   * sampled by, so that every process's samples agree; read once per listing.
   */
  private long redisNow() {
    List<String> time = redis.time();
    return Long.parseLong(time.get(0)) * 1000 + Long.parseLong(time.get(1)) / 1000;
  }

  private CapabilityView.Major major(
      RegistrySnapshot snapshot,
      String capability,
      int major,
      List<RegisteredAgent> agents,
      long now) {
    String stream = Streams.tasks(capability, major);
    List<String> versions =
        agents.stream()
            .sorted(Comparator.comparing(RegisteredAgent::version).reversed())
            .map(a -> a.registration().version())
            .distinct()
            .toList();
    Map<String, Object> group = group(stream);
    PublishedSchemas schemas =
        snapshot.schemas(CapabilityRequirement.parse(capability, major + ".x", List.of()));
    long lag = count(group.get("lag"));
    long pending = count(group.get("pending"));
    return new CapabilityView.Major(
        major,
        stream,
        versions,
        ids(agents, RegisteredAgent::healthy),
        ids(agents, a -> !a.healthy()),
        lag,
        pending,
        scale == null
            ? null
            : scale.record(stream, now, lag, pending, count(group.get("entries-read"))),
        PublishedSchemas.tree(schemas.input()),
        PublishedSchemas.tree(schemas.output()));
  }

  private static List<String> ids(List<RegisteredAgent> agents, Predicate<RegisteredAgent> which) {
    return agents.stream().filter(which).map(RegisteredAgent::agentId).toList();
  }

  /**
   * XINFO GROUPS of the stream, the {@code agents} group's fields; empty before the stream exists.
   */
  private Map<String, Object> group(String stream) {
    if (redis.exists(stream) == 0) {
      return Map.of();
    }
    for (Object entry : redis.xinfoGroups(stream)) {
      List<?> fields = (List<?>) entry;
      Map<String, Object> info = new TreeMap<>();
      for (int i = 0; i + 1 < fields.size(); i += 2) {
        info.put(String.valueOf(fields.get(i)), fields.get(i + 1));
      }
      if (Streams.AGENT_GROUP.equals(info.get("name"))) {
        return info;
      }
    }
    return Map.of();
  }

  private static long count(Object value) {
    return value instanceof Number number ? number.longValue() : 0;
  }
}
