package dev.chorus.bench;

import dev.chorus.pipeline.DispatchMode;
import dev.chorus.protocol.Streams;
import dev.chorus.push.DeliverySettings;
import dev.chorus.push.PushDeliverer;
import dev.chorus.push.PushEndpoint;
import dev.chorus.registry.CapabilityView;
import dev.chorus.registry.RedisRegistry;
import dev.chorus.registry.RegistryOverview;
import dev.chorus.registry.ScaleSignals;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * {@code ./chorus bench scaling}: the same burst and ramp of tasks on one capability, served by one
 * fixed agent, by agent processes a {@link LocalScaler} starts and stops on Chorus's scale signal,
 * and by push delivery to an HTTP agent pool capped at the capability's concurrency; prints drain
 * times, latencies and replicas, and writes the timeline as JSON and as a plot (see
 * docs/scaling.md).
 */
final class ScalingBench {

  private static final String STREAM = Streams.tasks(BenchPipeline.WORK_CAPABILITY, 1);
  private static final Duration SAMPLE_EVERY = Duration.ofSeconds(1);
  private static final Duration AGENT_READY = Duration.ofMinutes(2);
  private static final String CACHED_RUNS = "4000";

  /** One second of the timeline: where the load stood and how many replicas served it. */
  record Sample(double at, String phase, long backlog, long inFlight, int replicas) {}

  /**
   * One variant's outcome.
   *
   * @param backAtMinimumSeconds how long after the burst's last result the pool was back at its
   *     minimum, or null when it never left it
   */
  record Outcome(
      String variant,
      WorkLoad.Phase burst,
      WorkLoad.Phase ramp,
      int maxReplicas,
      Double backAtMinimumSeconds,
      List<Sample> timeline) {}

  private final ScalingOptions options;
  private final RedisCommands<String, String> redis;
  private final PrintStream out;

  ScalingBench(ScalingOptions options, RedisCommands<String, String> redis, PrintStream out) {
    this.options = options;
    this.redis = redis;
    this.out = out;
  }

  Map<String, Object> run() throws Exception {
    List<Outcome> outcomes = new ArrayList<>();
    for (String variant : options.variants()) {
      out.printf(
          "%n%s: burst of %d, then a ramp to %d/s over %d s%n",
          variant, options.burst(), options.rampPeak(), options.rampSeconds());
      outcomes.add(run(variant));
    }
    printTable(outcomes);
    Path plot =
        ScalingPlot.write(
            options.out().resolve("scaling.png"), outcomes, options.target().minReplicas());
    out.println("plot: " + plot);
    Map<String, Object> report = new LinkedHashMap<>();
    report.put(
        "options",
        Map.of(
            "burst", options.burst(),
            "rampSeconds", options.rampSeconds(),
            "rampPeak", options.rampPeak(),
            "workMs", options.work().toMillis(),
            "slots", options.slots(),
            "target", options.target().toString(),
            "pollSeconds", options.poll().toSeconds()));
    report.put("outcomes", outcomes);
    return report;
  }

  private Outcome run(String variant) throws Exception {
    redis.del(STREAM);
    Path logs = options.out().resolve("agents");
    Map<String, String> agentEnv = new LinkedHashMap<>();
    agentEnv.put("CHORUS_REDIS_URI", options.redisUri());
    agentEnv.put("WORK_MILLIS", Long.toString(options.work().toMillis()));
    RedisClient client = RedisClient.create(options.redisUri());
    // Every run of the burst waits at once: the worker keeps them all cached, so that a reply
    // costs its workflow task and not a replay as well, and the engine does not limit the agents.
    Variant bridge =
        Variant.parse(
            "bridge=bridge",
            Tuning.defaults(options.temporal())
                .with(Map.of("cache-size", CACHED_RUNS, "workflow-threads", CACHED_RUNS)));
    List<AutoCloseable> parts = new ArrayList<>();
    try (StatefulRedisConnection<String, String> samplerConnection = client.connect();
        StatefulRedisConnection<String, String> scalerConnection = client.connect();
        BenchStack stack = BenchStack.start(bridge, options.redisUri(), null)) {
      IntSupplier replicas;
      if (variant.equals("push")) {
        int port = freePort();
        agentEnv.put("PORT", Integer.toString(port));
        agentEnv.put("CHORUS_AGENT_CONCURRENCY", Integer.toString(options.pushConcurrency()));
        AgentPool pool = new AgentPool("push", agentEnv, logs);
        parts.add(pool);
        pool.scaleTo(1);
        awaitHealthy(port);
        parts.add(
            PushDeliverer.start(
                client,
                new PushEndpoint(
                    BenchPipeline.WORK_CAPABILITY,
                    "1.0.0",
                    URI.create("http://127.0.0.1:" + port + "/tasks"),
                    options.pushConcurrency(),
                    "bench-push-work"),
                new DeliverySettings(
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(30),
                    Duration.ofMillis(100),
                    Duration.ofSeconds(2),
                    8,
                    Duration.ofSeconds(5),
                    Duration.ofSeconds(15),
                    Duration.ofSeconds(5),
                    Duration.ofSeconds(30)),
                new SimpleMeterRegistry()));
        // The agent pods of `slots` requests each that the requests in flight fill: what Knative
        // scales to at that concurrency target, without its averaging windows.
        replicas =
            () -> (int) Math.ceil(pending(samplerConnection.sync()) / (double) options.slots());
      } else {
        agentEnv.put("CHORUS_AGENT_CONCURRENCY", Integer.toString(options.slots()));
        AgentPool pool = new AgentPool("pull", agentEnv, logs);
        parts.add(pool);
        pool.scaleTo(variant.equals("fixed") ? 1 : options.target().minReplicas());
        replicas = pool::replicas;
        awaitRegistered(samplerConnection.sync());
        if (variant.equals("autoscaled")) {
          parts.add(
              new LocalScaler(
                  new RegistryOverview(
                      new RedisRegistry(scalerConnection.sync()),
                      scalerConnection.sync(),
                      new ScaleSignals(options.target())),
                  BenchPipeline.WORK_CAPABILITY,
                  pool,
                  options.poll()));
        }
      }
      return measure(
          variant, stack, bridge.tuning().dispatch(), samplerConnection.sync(), replicas);
    } finally {
      // The scaler stops before the pool, the deliverer before its HTTP agent.
      for (int i = parts.size() - 1; i >= 0; i--) {
        parts.get(i).close();
      }
      client.shutdown();
    }
  }

  private Outcome measure(
      String variant,
      BenchStack stack,
      DispatchMode dispatch,
      RedisCommands<String, String> sampler,
      IntSupplier replicas)
      throws InterruptedException {
    List<Sample> timeline = new ArrayList<>();
    String[] phase = {"burst"};
    long begin = System.nanoTime();
    ScheduledExecutorService sampling = Executors.newSingleThreadScheduledExecutor();
    RegistryOverview overview = new RegistryOverview(new RedisRegistry(sampler), sampler);
    sampling.scheduleAtFixedRate(
        () -> {
          CapabilityView.Major major = major(overview);
          Sample sample =
              new Sample(
                  VariantSummary.round((System.nanoTime() - begin) / 1e9),
                  phase[0],
                  major == null ? 0 : major.backlog(),
                  major == null ? 0 : major.pending(),
                  replicas.getAsInt());
          synchronized (timeline) {
            timeline.add(sample);
          }
        },
        0,
        SAMPLE_EVERY.toMillis(),
        TimeUnit.MILLISECONDS);
    try {
      WorkLoad load = new WorkLoad(stack, BenchPipeline.work(Duration.ofMinutes(30), dispatch));
      WorkLoad.Phase burst = load.burst(options.burst());
      long burstEnd = System.nanoTime();
      out.printf("  burst drained in %.1f s (%d failed)%n", burst.drainSeconds(), burst.failures());
      phase[0] = "cool-down";
      Double backAtMinimum = awaitMinimum(variant, replicas, burstEnd);
      phase[0] = "ramp";
      WorkLoad.Phase ramp = load.ramp(options.rampSeconds(), options.rampPeak());
      out.printf("  ramp done in %.1f s (%d failed)%n", ramp.drainSeconds(), ramp.failures());
      phase[0] = "done";
      sampling.shutdown();
      sampling.awaitTermination(5, TimeUnit.SECONDS);
      List<Sample> samples;
      synchronized (timeline) {
        samples = List.copyOf(timeline);
      }
      int most = samples.stream().mapToInt(Sample::replicas).max().orElse(0);
      return new Outcome(variant, burst, ramp, most, backAtMinimum, samples);
    } finally {
      sampling.shutdownNow();
    }
  }

  /**
   * For the autoscaled variant, waits until the pool is back at its minimum and returns how long
   * that took after {@code since}; null for the others, whose pool does not move.
   */
  private Double awaitMinimum(String variant, IntSupplier replicas, long since)
      throws InterruptedException {
    if (!variant.equals("autoscaled")) {
      return null;
    }
    long deadline =
        since
            + options
                .target()
                .stabilizationWindow()
                .plus(options.poll().multipliedBy(4))
                .plusSeconds(60)
                .toNanos();
    while (replicas.getAsInt() > options.target().minReplicas() && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(200);
    }
    if (replicas.getAsInt() > options.target().minReplicas()) {
      out.printf("  the pool did not return to %d replicas%n", options.target().minReplicas());
      return -1.0;
    }
    double seconds = VariantSummary.round((System.nanoTime() - since) / 1e9);
    out.printf(
        "  back at %d replicas %.1f s after the burst%n", options.target().minReplicas(), seconds);
    return seconds;
  }

  private void awaitRegistered(RedisCommands<String, String> commands) throws InterruptedException {
    RegistryOverview overview = new RegistryOverview(new RedisRegistry(commands), commands);
    long deadline = System.nanoTime() + AGENT_READY.toNanos();
    while (System.nanoTime() < deadline) {
      CapabilityView.Major major = major(overview);
      if (major != null && !major.healthyAgents().isEmpty()) {
        return;
      }
      TimeUnit.MILLISECONDS.sleep(200);
    }
    throw new IllegalStateException(
        "no agent of "
            + BenchPipeline.WORK_CAPABILITY
            + " registered within "
            + AGENT_READY
            + "; see "
            + options.out().resolve("agents"));
  }

  private static void awaitHealthy(int port) throws InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + AGENT_READY.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<Void> health =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                HttpResponse.BodyHandlers.discarding());
        if (health.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // the agent is still starting
      }
      TimeUnit.MILLISECONDS.sleep(200);
    }
    throw new IllegalStateException("the HTTP agent on port " + port + " did not become healthy");
  }

  private static CapabilityView.Major major(RegistryOverview overview) {
    for (CapabilityView view : overview.capabilities()) {
      if (view.capability().equals(BenchPipeline.WORK_CAPABILITY)) {
        return view.majors().stream().filter(m -> m.major() == 1).findFirst().orElse(null);
      }
    }
    return null;
  }

  private static long pending(RedisCommands<String, String> commands) {
    return commands.exists(STREAM) == 0
        ? 0
        : commands.xpending(STREAM, Streams.AGENT_GROUP).getCount();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private void printTable(List<Outcome> outcomes) {
    Outcome fixed =
        outcomes.stream().filter(o -> o.variant().equals("fixed")).findFirst().orElse(null);
    out.printf(
        "%n%-11s | %9s %17s %5s | %9s %17s %5s | %12s %14s | %s%n",
        "variant",
        "burst s",
        "p50/p95 s",
        "fail",
        "ramp s",
        "p50/p95 s",
        "fail",
        "max replicas",
        "back at min s",
        "burst drain vs fixed");
    for (Outcome o : outcomes) {
      out.printf(
          "%-11s | %9.1f %17s %5d | %9.1f %17s %5d | %12d %14s | %s%n",
          o.variant(),
          o.burst().drainSeconds(),
          seconds(o.burst().latencyMs()),
          o.burst().failures(),
          o.ramp().drainSeconds(),
          seconds(o.ramp().latencyMs()),
          o.ramp().failures(),
          o.maxReplicas(),
          o.backAtMinimumSeconds() == null ? "-" : String.format("%.1f", o.backAtMinimumSeconds()),
          fixed == null
              ? "-"
              : String.format(
                  "x%.2f faster", fixed.burst().drainSeconds() / o.burst().drainSeconds()));
    }
  }

  private static String seconds(double[] ms) {
    return String.format("%.1f / %.1f", ms[0] / 1000, ms[1] / 1000);
  }
}
