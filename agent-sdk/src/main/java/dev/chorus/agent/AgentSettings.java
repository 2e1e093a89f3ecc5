package dev.chorus.agent;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;

/**
 * How an agent connects and how much it takes on.
 *
 * @param redisUri where the streams are
 * @param agentId this agent's consumer name in its capability's group
 * @param concurrency most tasks worked on at once; no more are read until one finishes
 * @param readBlock how long one XREADGROUP waits for new tasks
 * @param touchInterval how often the idle time of tasks in hand is reset; must be well under the
 *     bridge's reclaim idle time ({@code chorus.bus.reclaim-idle}, 30 s by default)
 */
public record AgentSettings(String redisUri, String agentId, int concurrency, Duration readBlock, Duration touchInterval) {

  public static final String DEFAULT_REDIS_URI = "redis://127.0.0.1:6379";

  public AgentSettings {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
    }
  }

  /**
   * Settings from the environment: {@code CHORUS_REDIS_URI}, {@code CHORUS_AGENT_ID} (default
   * capability@host-pid), {@code CHORUS_AGENT_CONCURRENCY} (default 4) and {@code
   * CHORUS_AGENT_TOUCH_INTERVAL} (ISO-8601 duration or milliseconds, default 5 s).
   */
  public static AgentSettings fromEnvironment(Agent agent) {
    return from(System.getenv(), agent);
  }

  static AgentSettings from(Map<String, String> env, Agent agent) {
    return new AgentSettings(
        env.getOrDefault("CHORUS_REDIS_URI", DEFAULT_REDIS_URI),
        env.getOrDefault("CHORUS_AGENT_ID", agent.capability() + "@" + host() + "-" + ProcessHandle.current().pid()),
        Integer.parseInt(env.getOrDefault("CHORUS_AGENT_CONCURRENCY", "4")),
        Duration.ofSeconds(1),
        duration(env.getOrDefault("CHORUS_AGENT_TOUCH_INTERVAL", "5000")));
  }

  private static Duration duration(String value) {
    return value.startsWith("P") ? Duration.parse(value) : Duration.ofMillis(Long.parseLong(value));
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return ManagementFactory.getRuntimeMXBean().getName();
    }
  }
}
