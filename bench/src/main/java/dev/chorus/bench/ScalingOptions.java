package dev.chorus.bench;

import dev.chorus.registry.ScaleTarget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code ./chorus bench scaling} runs: a burst, then a ramp, of one-step runs on {@link
 * BenchPipeline#WORK_CAPABILITY}, served by each of {@code variants} in turn. Every value has a
 * default; {@code --key=value} overrides it.
 *
 * @param burst runs started at once
 * @param rampSeconds how long the ramp lasts; its arrival rate rises evenly from 0 to {@code
 *     rampPeak}
 * @param rampPeak arrivals per second at the end of the ramp
 * @param work how long each task takes its agent
 * @param slots tasks one agent replica works on at once
 * @param target the autoscaled variant's targets, bounds and window (those of the manifests, with a
 *     shorter window so the experiment ends sooner; see docs/scaling.md)
 * @param poll how often the autoscaler reads the signal (KEDA's {@code pollingInterval})
 * @param variants {@code fixed}, {@code autoscaled} and {@code push}, in the order they run
 */
record ScalingOptions(
    int burst,
    int rampSeconds,
    int rampPeak,
    Duration work,
    int slots,
    ScaleTarget target,
    Duration poll,
    List<String> variants,
    String temporal,
    String redisUri,
    Path out) {

  static final List<String> VARIANTS = List.of("fixed", "autoscaled", "push");

  /**
   * A pull capability with no agent registered is not dispatched to, so nothing would fill its
   * stream and scale it up again (infra/capabilities/text-keywords/scaler.yaml).
   */
  private static final String MIN_REPLICAS =
      "--min-replicas must be at least 1: with no agent no task is dispatched to scale on";

  private static final Map<String, String> DEFAULTS =
      Map.ofEntries(
          Map.entry("burst", "2000"),
          Map.entry("ramp-seconds", "60"),
          Map.entry("ramp-peak", "8"),
          Map.entry("work-ms", "1500"),
          Map.entry("slots", "4"),
          Map.entry("lag-target", "8"),
          Map.entry("pending-target", "4"),
          Map.entry("min-replicas", "1"),
          Map.entry("max-replicas", "8"),
          Map.entry("stabilization-seconds", "30"),
          Map.entry("poll-seconds", "5"),
          Map.entry("variants", String.join(",", VARIANTS)));

  /** {@code args} after the preset's name. */
  static ScalingOptions parse(List<String> args, Map<String, String> env) {
    Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
    values.put("temporal", env.getOrDefault("CHORUS_TEMPORAL_ADDRESS", "127.0.0.1:7233"));
    values.put("redis", env.getOrDefault("CHORUS_REDIS_URI", "redis://127.0.0.1:6379"));
    values.put("out", ".data/bench");
    for (String arg : args) {
      int equals = arg.indexOf('=');
      String key = arg.startsWith("--") && equals > 2 ? arg.substring(2, equals) : null;
      if (key == null || !values.containsKey(key)) {
        throw new IllegalArgumentException(
            "scaling takes --key=value with a key of "
                + String.join(", ", values.keySet())
                + "; got '"
                + arg
                + "'");
      }
      values.put(key, arg.substring(equals + 1));
    }
    List<String> variants = List.of(values.get("variants").split(","));
    for (String variant : variants) {
      if (!VARIANTS.contains(variant)) {
        throw new IllegalArgumentException(
            "--variants takes some of " + VARIANTS + ", got '" + variant + "'");
      }
    }
    if (number(values, "min-replicas") < 1) {
      throw new IllegalArgumentException(MIN_REPLICAS);
    }
    ScaleTarget target =
        new ScaleTarget(
            number(values, "lag-target"),
            number(values, "pending-target"),
            number(values, "min-replicas"),
            number(values, "max-replicas"),
            Duration.ofSeconds(number(values, "stabilization-seconds")),
            Duration.ofSeconds(60));
    return new ScalingOptions(
        number(values, "burst"),
        number(values, "ramp-seconds"),
        number(values, "ramp-peak"),
        Duration.ofMillis(number(values, "work-ms")),
        number(values, "slots"),
        target,
        Duration.ofSeconds(number(values, "poll-seconds")),
        variants,
        values.get("temporal"),
        values.get("redis"),
        Path.of(values.get("out")));
  }

  /** The push variant's pool: as many request slots as the autoscaled variant's largest pool. */
  int pushConcurrency() {
    return target.maxReplicas() * slots;
  }

  private static int number(Map<String, String> values, String key) {
    String value = values.get(key);
    try {
      int n = Integer.parseInt(value);
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // reported below with the option's name
    }
    throw new IllegalArgumentException("--" + key + " needs a whole number, was '" + value + "'");
  }
}
