package dev.chorus.bench;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./chorus bench [steps|scale|park|scaling] [--key=value…]}: drives load against the running
 * Temporal and Redis and prints the bridge against plain Temporal and against the engine's ceiling
 * for its design, side by side. See docs/performance.md.
 */
public final class BenchMain {

  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 2 && args[0].equals("work-agent")) {
      WorkAgent.main(args[1]);
      return;
    }
    try {
      System.out.println("JSON: " + run(args, System.getenv()));
    } catch (IllegalArgumentException badOption) {
      System.err.println("bench: " + badOption.getMessage());
      System.exit(2);
    }
  }

  /**
   * Runs the benchmark the arguments describe, against the Temporal and Redis named by {@code
   * CHORUS_TEMPORAL_ADDRESS} and {@code CHORUS_REDIS_URI}, and returns the JSON report's file.
   *
   * @throws IllegalArgumentException naming the option that is wrong
   */
  public static Path run(String[] args, Map<String, String> env) throws Exception {
    if (args.length > 0 && args[0].equals("scaling")) {
      return scaling(args, env);
    }
    BenchOptions options = BenchOptions.parse(args, env);
    RedisClient redisClient = RedisClient.create(options.redisUri());
    try (StatefulRedisConnection<String, String> redis = redisClient.connect()) {
      Map<String, Object> report = new LinkedHashMap<>();
      report.put("preset", options.preset());
      report.put("at", Instant.now().toString());
      report.put(
          "machine",
          Map.of(
              "cpus", Runtime.getRuntime().availableProcessors(),
              "java", System.getProperty("java.version"),
              "maxHeapMiB", Runtime.getRuntime().maxMemory() / 1048576,
              "jvmArgs", ManagementFactory.getRuntimeMXBean().getInputArguments()));
      System.out.printf(
          "bench %s: %d runs x %d steps, %d at once, %d B payload, %d rounds, variants %s%n",
          options.preset(),
          options.runs(),
          options.steps(),
          options.concurrency(),
          options.payloadBytes(),
          options.rounds(),
          options.variants().stream().map(Variant::name).toList());
      if (options.preset().equals("park")) {
        report.putAll(
            new ParkBench(options, redis.sync(), System.out, env.get("CHORUS_BENCH_TEMPORAL_PID"))
                .run());
      } else {
        report.putAll(new StepsBench(options, new LoadDriver(redis.sync()), System.out).run());
      }
      return Report.writeJson(options.out(), options.preset(), report);
    } finally {
      redisClient.shutdown();
    }
  }

  private static Path scaling(String[] args, Map<String, String> env) throws Exception {
    ScalingOptions options = ScalingOptions.parse(List.of(args).subList(1, args.length), env);
    RedisClient redisClient = RedisClient.create(options.redisUri());
    try (StatefulRedisConnection<String, String> redis = redisClient.connect()) {
      Map<String, Object> report = new LinkedHashMap<>();
      report.put("preset", "scaling");
      report.put("at", Instant.now().toString());
      report.put("cpus", Runtime.getRuntime().availableProcessors());
      report.putAll(new ScalingBench(options, redis.sync(), System.out).run());
      return Report.writeJson(options.out(), "scaling", report);
    } finally {
      redisClient.shutdown();
    }
  }
}
