package dev.chorus.bench;

import dev.chorus.pipeline.PipelineResult;
import dev.chorus.pipeline.PipelineRun;
import io.lettuce.core.api.sync.RedisServerCommands;
import io.temporal.client.WorkflowStub;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Drives one batch: {@code runs} runs with at most {@code concurrency} in flight. A step's latency
 * is the time from the previous step's execution (or from the start call, for the first step) to
 * its own execution, which covers the whole per-step cycle of each path: for the bridge reply XADD,
 * read, signal, workflow task, dispatch activity, task XADD and read; for the plain path the
 * activity completion, workflow task and next activity task.
 */
final class LoadDriver {

  private static final int STARTERS = 4;

  /** Runs whose histories are read for the breakdown of each batch. */
  private static final int BREAKDOWN_SAMPLE = 10;

  private final RedisServerCommands<String, String> redis;

  LoadDriver(RedisServerCommands<String, String> redis) {
    this.redis = redis;
  }

  BatchResult run(BenchStack stack, Variant variant, PipelineRun run, int runs, int concurrency)
      throws InterruptedException {
    Histogram stepMicros = BatchResult.histogram();
    Histogram runMicros = BatchResult.histogram();
    AtomicInteger failures = new AtomicInteger();
    AtomicLong heap = new AtomicLong(-1);
    AtomicLong redisMemory = new AtomicLong(-1);
    CountDownLatch done = new CountDownLatch(runs);
    CountDownLatch halfDone = new CountDownLatch(Math.max(1, runs / 2));
    Thread sampler = new Thread(() -> sample(halfDone, heap, redisMemory), "bench-memory");
    sampler.start();
    List<String> completed = Collections.synchronizedList(new ArrayList<>());
    Semaphore inFlight = new Semaphore(concurrency);
    ExecutorService starters = Executors.newFixedThreadPool(STARTERS);
    String batch = variant.name() + "-" + UUID.randomUUID().toString().substring(0, 8);
    long begin = System.nanoTime();
    for (int i = 0; i < runs; i++) {
      inFlight.acquire();
      String workflowId = "bench-" + batch + "-" + i;
      starters.execute(
          () -> {
            long startedAt = System.nanoTime();
            try {
              WorkflowStub stub = stack.newRun(workflowId);
              stub.start(run);
              stub.getResultAsync(PipelineResult.class)
                  .whenComplete(
                      (result, failure) -> {
                        long endedAt = System.nanoTime();
                        try {
                          if (failure != null) {
                            failures.incrementAndGet();
                          } else {
                            record(
                                stepMicros,
                                runMicros,
                                startedAt,
                                BenchPipeline.ranAt(run, result),
                                endedAt);
                            completed.add(workflowId);
                          }
                        } catch (RuntimeException malformedResult) {
                          failures.incrementAndGet();
                        } finally {
                          inFlight.release();
                          done.countDown();
                          halfDone.countDown();
                        }
                      });
            } catch (RuntimeException e) {
              failures.incrementAndGet();
              inFlight.release();
              done.countDown();
              halfDone.countDown();
            }
          });
    }
    done.await();
    long elapsed = System.nanoTime() - begin;
    starters.shutdown();
    sampler.join();
    int stepsPerRun = run.definition().steps().size();
    int steps = (runs - failures.get()) * stepsPerRun;
    List<String> sample =
        List.copyOf(completed.subList(0, Math.min(BREAKDOWN_SAMPLE, completed.size())));
    return new BatchResult(
        variant.name(),
        runs,
        steps,
        failures.get(),
        elapsed,
        stepMicros,
        runMicros,
        heap.get(),
        redisMemory.get(),
        HistoryBreakdown.of(stack.client(), sample, stepsPerRun));
  }

  private static void record(
      Histogram stepMicros, Histogram runMicros, long startedAt, long[] ranAt, long endedAt) {
    synchronized (stepMicros) {
      long previous = startedAt;
      for (long at : ranAt) {
        stepMicros.recordValue(Math.max(0, at - previous) / 1_000);
        previous = at;
      }
      runMicros.recordValue((endedAt - startedAt) / 1_000);
    }
  }

  private void sample(CountDownLatch halfDone, AtomicLong heap, AtomicLong redisMemory) {
    try {
      halfDone.await();
      heap.set(Memory.heapAfterGc());
      redisMemory.set(Memory.redisUsed(redis));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
