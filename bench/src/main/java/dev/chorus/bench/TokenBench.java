package dev.chorus.bench;

import dev.chorus.protocol.DispatchTokens;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * What a dispatch token costs: nanoseconds per signing (once per dispatch) and per verification
 * (once per reply), each over {@code iterations} calls after as many for warm-up, in one thread.
 * Needs no server: {@code java -cp bench/target/classes:protocol/target/classes
 * dev.chorus.bench.TokenBench [iterations]} (default 1,000,000); docs/performance.md has the
 * figure.
 */
public final class TokenBench {

  private TokenBench() {}

  public static void main(String[] args) {
    int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    System.out.println(run(iterations));
  }

  static String run(int iterations) {
    byte[] secret = new byte[DispatchTokens.MIN_SECRET_BYTES];
    new SecureRandom().nextBytes(secret);
    DispatchTokens tokens =
        new DispatchTokens(
            "bench", Map.of("bench", secret), Duration.ofHours(1), Clock.systemUTC());
    String workflowId = "text-insights-0123456789abcdef";
    String taskId = workflowId + "/5f0c9d1e-8d7a-4b6e-9a31-2f4c8e7d6b5a/keywords";
    long deadline = System.currentTimeMillis() + 3_600_000;
    long signNanos = 0;
    long verifyNanos = 0;
    int refused = 0;
    // The first round warms the JIT up; the second is measured.
    for (int round = 0; round < 2; round++) {
      long start = System.nanoTime();
      String token = null;
      for (int i = 0; i < iterations; i++) {
        token = tokens.sign(taskId + "#" + (i & 7), taskId, workflowId, "text.keywords", deadline);
      }
      signNanos = System.nanoTime() - start;
      start = System.nanoTime();
      for (int i = 0; i < iterations; i++) {
        refused += tokens.problem(token, taskId + "#7", taskId, workflowId).isPresent() ? 1 : 0;
      }
      verifyNanos = System.nanoTime() - start;
    }
    if (refused > 0) {
      throw new IllegalStateException(refused + " genuine tokens were refused");
    }
    return String.format(
        "dispatch tokens over %,d calls: sign %.0f ns/op, verify %.0f ns/op",
        iterations, (double) signNanos / iterations, (double) verifyNanos / iterations);
  }
}
