package dev.chorus.bench;

import dev.chorus.pipeline.PipelineRun;
import dev.chorus.protocol.Streams;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Parks many runs at once on a step whose only agent holds one task and answers none ({@link
 * ParkAgent}), measures what each waiting run costs in the worker heap, in Redis and in the
 * Temporal server, then terminates them.
 */
final class ParkBench {

  private static final int STARTERS = 8;
  private static final long PARK_DEADLINE_MS = 30 * 60_000;

  private final BenchOptions options;
  private final RedisCommands<String, String> redis;
  private final PrintStream out;
  private final String temporalPid;

  ParkBench(
      BenchOptions options,
      RedisCommands<String, String> redis,
      PrintStream out,
      String temporalPid) {
    this.options = options;
    this.redis = redis;
    this.out = out;
    this.temporalPid = temporalPid;
  }

  Map<String, Object> run() throws InterruptedException {
    Variant variant = options.variants().get(0);
    ParkAgent agent = new ParkAgent();
    String stream = Streams.tasks(BenchPipeline.PARK_CAPABILITY, 1);
    redis.del(stream);
    try (BenchStack stack = BenchStack.start(variant, options.redisUri(), agent)) {
      long heapBefore = Memory.heapAfterGc();
      long redisBefore = Memory.redisUsed(redis);
      long temporalBefore = Memory.residentBytes(temporalPid);
      PipelineRun run = BenchPipeline.parked(options.parkWait(), variant.tuning().dispatch());
      String batch = UUID.randomUUID().toString().substring(0, 8);
      List<String> ids = new ArrayList<>();
      long begin = System.nanoTime();
      ExecutorService starters = Executors.newFixedThreadPool(STARTERS);
      for (int i = 0; i < options.runs(); i++) {
        String id = "bench-park-" + batch + "-" + i;
        ids.add(id);
        starters.execute(() -> stack.newRun(id).start(run));
      }
      starters.shutdown();
      starters.awaitTermination(PARK_DEADLINE_MS, TimeUnit.MILLISECONDS);
      long parked = awaitDispatched(stream, begin);
      double seconds = (System.nanoTime() - begin) / 1e9;
      long heapAfter = Memory.heapAfterGc();
      long redisAfter = Memory.redisUsed(redis);
      long temporalAfter = Memory.residentBytes(temporalPid);
      terminate(stack, ids);
      agent.release();
      redis.del(stream);

      Map<String, Object> report = new LinkedHashMap<>();
      report.put("parkedRuns", parked);
      report.put("secondsToPark", VariantSummary.round(seconds));
      report.put("workerCacheSize", variant.tuning().number("cache-size"));
      report.put("heapBytesPerRun", perRun(heapAfter - heapBefore, parked));
      report.put("redisBytesPerRun", perRun(redisAfter - redisBefore, parked));
      report.put(
          "temporalRssBytesPerRun",
          temporalBefore < 0 ? null : perRun(temporalAfter - temporalBefore, parked));
      report.put("heapMiB", Map.of("before", mib(heapBefore), "after", mib(heapAfter)));
      report.put("redisMiB", Map.of("before", mib(redisBefore), "after", mib(redisAfter)));
      report.put(
          "temporalRssMiB", Map.of("before", mib(temporalBefore), "after", mib(temporalAfter)));
      out.printf(
          "%nparked %d runs in %.1f s (%d asked); per waiting run: heap %s B, Redis %s B, Temporal RSS %s B%n",
          parked,
          seconds,
          options.runs(),
          report.get("heapBytesPerRun"),
          report.get("redisBytesPerRun"),
          report.get("temporalRssBytesPerRun"));
      out.printf(
          "heap MiB %.1f -> %.1f, Redis MiB %.2f -> %.2f, Temporal RSS MiB %.1f -> %.1f%n",
          mib(heapBefore),
          mib(heapAfter),
          mib(redisBefore),
          mib(redisAfter),
          mib(temporalBefore),
          mib(temporalAfter));
      return report;
    }
  }

  /**
   * Waits until every run has dispatched its task (each then waits on its timer) or the deadline
   * passes.
   */
  private long awaitDispatched(String stream, long begin) throws InterruptedException {
    long deadline = begin + PARK_DEADLINE_MS * 1_000_000;
    long dispatched = redis.xlen(stream);
    while (dispatched < options.runs() && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(250);
      dispatched = redis.xlen(stream);
    }
    return dispatched;
  }

  private static void terminate(BenchStack stack, List<String> ids) throws InterruptedException {
    ExecutorService terminators = Executors.newFixedThreadPool(STARTERS);
    for (String id : ids) {
      terminators.execute(
          () -> stack.client().newUntypedWorkflowStub(id).terminate("park benchmark finished"));
    }
    terminators.shutdown();
    terminators.awaitTermination(PARK_DEADLINE_MS, TimeUnit.MILLISECONDS);
  }

  private static long perRun(long bytes, long runs) {
    return runs == 0 ? 0 : bytes / runs;
  }

  private static double mib(long bytes) {
    return bytes < 0 ? -1 : VariantSummary.round(bytes / 1048576.0);
  }
}
