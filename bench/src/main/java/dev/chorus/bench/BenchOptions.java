package dev.chorus.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What to run. Presets set the load; any {@code --key=value} overrides it.
 *
 * @param preset {@code steps} (default), {@code scale} (1,000 runs at once) or {@code park} (runs
 *     waiting at once)
 * @param runs runs per variant and round
 * @param concurrency runs in flight at once
 * @param steps agent steps per run
 * @param payloadBytes size of each step's input
 * @param rounds measured rounds; each round runs every variant once, in alternating order
 * @param warmupRuns runs per variant before measuring
 * @param parkWait how long a parked run waits before its step gives up
 */
record BenchOptions(
    String preset,
    int runs,
    int concurrency,
    int steps,
    int payloadBytes,
    int rounds,
    int warmupRuns,
    Duration parkWait,
    String redisUri,
    Path out,
    List<Variant> variants) {

  private static final Set<String> KEYS =
      Set.of(
          "runs",
          "concurrency",
          "steps",
          "payload",
          "fan-out",
          "rounds",
          "warmup",
          "temporal",
          "redis",
          "out",
          "variant");

  static BenchOptions parse(String[] args, Map<String, String> env) {
    int first = args.length > 0 && !args[0].startsWith("--") ? 1 : 0;
    String preset = first == 1 ? args[0] : "steps";
    Map<String, String> values = new HashMap<>(presetValues(preset));
    List<String> variantSpecs = new ArrayList<>();
    Map<String, String> tuning = new HashMap<>();
    for (int i = first; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--") || !arg.contains("=")) {
        throw new IllegalArgumentException("argument '" + arg + "' must look like --key=value");
      }
      String key = arg.substring(2, arg.indexOf('='));
      String value = arg.substring(arg.indexOf('=') + 1);
      if (key.equals("variant")) {
        variantSpecs.add(value);
      } else if (KEYS.contains(key)) {
        values.put(key, value);
      } else {
        tuning.put(key, value);
      }
    }
    if (number(values, "fan-out") != 1) {
      throw new IllegalArgumentException(
          "--fan-out must be 1: the benchmark's pipeline runs its steps one after another and does not measure parallel branches yet");
    }
    String temporal =
        values.getOrDefault(
            "temporal", env.getOrDefault("CHORUS_TEMPORAL_ADDRESS", "127.0.0.1:7233"));
    Tuning base = Tuning.defaults(temporal).with(tuning);
    if (variantSpecs.isEmpty()) {
      variantSpecs =
          preset.equals("park")
              ? List.of("bridge=bridge")
              : List.of("bridge=bridge", "plain=plain", "ceiling=ceiling");
    }
    List<Variant> variants = variantSpecs.stream().map(spec -> Variant.parse(spec, base)).toList();
    return new BenchOptions(
        preset,
        number(values, "runs"),
        number(values, "concurrency"),
        number(values, "steps"),
        number(values, "payload"),
        number(values, "rounds"),
        Integer.parseInt(values.get("warmup")),
        Duration.ofMinutes(30),
        values.getOrDefault(
            "redis", env.getOrDefault("CHORUS_REDIS_URI", "redis://127.0.0.1:6379")),
        Path.of(values.getOrDefault("out", ".data/bench")),
        variants);
  }

  private static Map<String, String> presetValues(String preset) {
    Map<String, String> common = Map.of("payload", "256", "fan-out", "1");
    Map<String, String> load =
        switch (preset) {
          case "steps" ->
              Map.of(
                  "runs", "100", "concurrency", "20", "steps", "4", "rounds", "2", "warmup", "20");
          case "scale" ->
              Map.of(
                  "runs",
                  "1000",
                  "concurrency",
                  "1000",
                  "steps",
                  "3",
                  "rounds",
                  "1",
                  "warmup",
                  "50");
          case "park" ->
              Map.of(
                  "runs",
                  "5000",
                  "concurrency",
                  "5000",
                  "steps",
                  "1",
                  "rounds",
                  "1",
                  "warmup",
                  "0");
          default ->
              throw new IllegalArgumentException(
                  "unknown preset '" + preset + "'; presets: steps, scale, park");
        };
    Map<String, String> all = new HashMap<>(common);
    all.putAll(load);
    return all;
  }

  private static int number(Map<String, String> values, String key) {
    String value = values.get(key);
    try {
      int n = Integer.parseInt(value);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // reported below with the option's name
    }
    throw new IllegalArgumentException(
        "--" + key + " needs a positive whole number, was '" + value + "'");
  }
}
