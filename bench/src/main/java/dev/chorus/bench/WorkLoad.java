package dev.chorus.bench;

import dev.chorus.pipeline.PipelineResult;
import dev.chorus.pipeline.PipelineRun;
import io.temporal.client.WorkflowStub;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;

/**
 * Starts the scaling experiment's runs, each one step on {@link BenchPipeline#WORK_CAPABILITY}, and
 * waits for them: a burst (all at once) or a ramp (arrivals rising evenly to a peak rate). A run's
 * latency is from its start call to its result: the time its task waited for an agent included.
 */
final class WorkLoad {

  /** Longest a phase may take before the experiment gives up on it. */
  private static final long PHASE_DEADLINE_MINUTES = 30;

  private static final int STARTERS = 8;

  /**
   * What one phase measured.
   *
   * @param drainSeconds from the first start call to the last result
   * @param latencyMs p50 and p95 of the runs' latencies
   */
  record Phase(String name, int runs, int failures, double drainSeconds, double[] latencyMs) {}

  private final BenchStack stack;
  private final PipelineRun run;

  WorkLoad(BenchStack stack, PipelineRun run) {
    this.stack = stack;
    this.run = run;
  }

  Phase burst(int runs) throws InterruptedException {
    return drive("burst", runs, i -> 0);
  }

  /**
   * Run {@code k} starts at {@code sqrt(2 k seconds / peak)}: the moment by which an arrival rate
   * rising evenly from 0 to {@code peak} over {@code seconds} has brought {@code k} runs.
   */
  Phase ramp(int seconds, int peak) throws InterruptedException {
    int runs = seconds * peak / 2;
    return drive("ramp", runs, k -> (long) (Math.sqrt(2.0 * k * seconds / peak) * 1e9));
  }

  private interface Schedule {
    long startNanos(int index);
  }

  private Phase drive(String name, int runs, Schedule schedule) throws InterruptedException {
    Histogram micros = BatchResult.histogram();
    AtomicInteger failures = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(runs);
    ExecutorService starters = Executors.newFixedThreadPool(STARTERS);
    String batch = name + "-" + UUID.randomUUID().toString().substring(0, 8);
    long begin = System.nanoTime();
    long[] lastEnd = {begin};
    for (int i = 0; i < runs; i++) {
      long wait = begin + schedule.startNanos(i) - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      String workflowId = "bench-scaling-" + batch + "-" + i;
      starters.execute(() -> start(workflowId, micros, failures, done, lastEnd));
    }
    if (!done.await(PHASE_DEADLINE_MINUTES, TimeUnit.MINUTES)) {
      throw new IllegalStateException(
          name + ": " + done.getCount() + " of " + runs + " runs not done within 30 minutes");
    }
    starters.shutdown();
    synchronized (micros) {
      return new Phase(
          name,
          runs,
          failures.get(),
          VariantSummary.round((lastEnd[0] - begin) / 1e9),
          new double[] {ms(micros.getValueAtPercentile(50)), ms(micros.getValueAtPercentile(95))});
    }
  }

  private void start(
      String workflowId,
      Histogram micros,
      AtomicInteger failures,
      CountDownLatch done,
      long[] lastEnd) {
    long startedAt = System.nanoTime();
    try {
      WorkflowStub stub = stack.newRun(workflowId);
      stub.start(run);
      stub.getResultAsync(PipelineResult.class)
          .whenComplete(
              (result, failure) -> {
                long endedAt = System.nanoTime();
                synchronized (micros) {
                  if (failure != null) {
                    failures.incrementAndGet();
                  } else {
                    micros.recordValue((endedAt - startedAt) / 1_000);
                  }
                  lastEnd[0] = Math.max(lastEnd[0], endedAt);
                }
                done.countDown();
              });
    } catch (RuntimeException e) {
      failures.incrementAndGet();
      done.countDown();
    }
  }

  private static double ms(long micros) {
    return Math.round(micros / 10.0) / 100.0;
  }
}
