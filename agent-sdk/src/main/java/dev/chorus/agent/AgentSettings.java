package dev.chorus.agent;

import dev.chorus.protocol.AgentRegistration;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How an agent connects, how much it takes on, and what it tells the registry.
 *
 * @param redisUri where the streams are, with the agent's own credentials: {@code
 *     redis://user:password@host:port}, or {@code rediss://} for TLS
 * @param agentId this agent's consumer name in its capability's group
 * @param concurrency most tasks worked on at once; no more are read until one finishes
 * @param readBlock how long one XREADGROUP waits for new tasks
 * @param labels free-form facts about this agent that steps can ask for, e.g. {@code gpu=true}
 * @param heartbeat how often the registration's lease is renewed
 * @param lease how long the registration lives without a renewal before the agent is dropped
 * @param touchInterval how often the idle time of tasks in hand is reset; must be well under the
 *     bridge's reclaim idle time ({@code chorus.bus.reclaim-idle}, 30 s by default)
 * @param drainTimeout how long {@link AgentRunner#close} waits for the tasks in hand before it
 *     withdraws anyway, leaving the unfinished ones to be handed on; longer than the longest step
 *     of the capability, shorter than the time the process is given to stop
 */
public record AgentSettings(
    String redisUri,
    String agentId,
    int concurrency,
    Duration readBlock,
    Map<String, String> labels,
    Duration heartbeat,
    Duration lease,
    Duration touchInterval,
    Duration drainTimeout) {

  /**
   * The same settings under another agent id, e.g. for one process that serves several
   * capabilities.
   */
  public AgentSettings withAgentId(String id) {
    return new AgentSettings(
        redisUri,
        id,
        concurrency,
        readBlock,
        labels,
        heartbeat,
        lease,
        touchInterval,
        drainTimeout);
  }

  /**
   * The same settings with other credentials, e.g. for one process that serves several
   * capabilities, each with a Redis user of its own.
   */
  public AgentSettings withRedisUri(String uri) {
    return new AgentSettings(
        uri,
        agentId,
        concurrency,
        readBlock,
        labels,
        heartbeat,
        lease,
        touchInterval,
        drainTimeout);
  }

  public static final String DEFAULT_REDIS_URI = "redis://127.0.0.1:6379";

  /** The drain timeout unless {@code CHORUS_AGENT_DRAIN_TIMEOUT} says otherwise. */
  public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);

  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m)");

  public AgentSettings {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
    }
    if (heartbeat.isNegative()
        || heartbeat.isZero()
        || lease.compareTo(heartbeat.multipliedBy(2)) < 0) {
      throw new IllegalArgumentException(
          "the lease ("
              + lease
              + ") must be at least twice the heartbeat ("
              + heartbeat
              + "), so one late renewal is survived");
    }
    if (drainTimeout.isNegative()) {
      throw new IllegalArgumentException(
          "the drain timeout must not be negative, was " + drainTimeout);
    }
    labels = Map.copyOf(labels);
  }

  /**
   * Settings from the environment: {@code CHORUS_REDIS_URI}, {@code CHORUS_AGENT_ID} (default
   * capability@host-pid), {@code CHORUS_AGENT_CONCURRENCY} (default 4), {@code CHORUS_AGENT_LABELS}
   * (e.g. {@code gpu=true,region=eu}), {@code CHORUS_AGENT_HEARTBEAT} (default 5s), {@code
   * CHORUS_AGENT_LEASE} (default 15s), {@code CHORUS_AGENT_TOUCH_INTERVAL} (default 5s) and {@code
   * CHORUS_AGENT_DRAIN_TIMEOUT} (default 30s).
   */
  public static AgentSettings fromEnvironment(Agent agent) {
    return from(System.getenv(), agent);
  }

  static AgentSettings from(Map<String, String> env, Agent agent) {
    return new AgentSettings(
        env.getOrDefault("CHORUS_REDIS_URI", DEFAULT_REDIS_URI),
        env.getOrDefault(
            "CHORUS_AGENT_ID",
            agent.capability() + "@" + host() + "-" + ProcessHandle.current().pid()),
        Integer.parseInt(env.getOrDefault("CHORUS_AGENT_CONCURRENCY", "4")),
        Duration.ofSeconds(1),
        AgentRegistration.parseLabels(env.get("CHORUS_AGENT_LABELS")),
        duration("CHORUS_AGENT_HEARTBEAT", env.getOrDefault("CHORUS_AGENT_HEARTBEAT", "5s")),
        duration("CHORUS_AGENT_LEASE", env.getOrDefault("CHORUS_AGENT_LEASE", "15s")),
        duration(
            "CHORUS_AGENT_TOUCH_INTERVAL", env.getOrDefault("CHORUS_AGENT_TOUCH_INTERVAL", "5s")),
        env.containsKey("CHORUS_AGENT_DRAIN_TIMEOUT")
            ? duration("CHORUS_AGENT_DRAIN_TIMEOUT", env.get("CHORUS_AGENT_DRAIN_TIMEOUT"))
            : DEFAULT_DRAIN_TIMEOUT);
  }

  /** {@code 500ms}, {@code 5s}, {@code 2m}, or ISO-8601 such as {@code PT5S}. */
  static Duration duration(String name, String text) {
    Matcher m = SHORT_DURATION.matcher(text.trim());
    if (m.matches()) {
      long amount = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        default -> Duration.ofMinutes(amount);
      };
    }
    try {
      return Duration.parse(text.trim());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          name + "='" + text + "' is not a duration like 500ms, 5s, 2m or PT5S");
    }
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return ManagementFactory.getRuntimeMXBean().getName();
    }
  }
}
