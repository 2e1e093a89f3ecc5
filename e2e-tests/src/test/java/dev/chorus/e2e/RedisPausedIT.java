package dev.chorus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * While Redis hangs (SIGSTOP: connections open, nothing answered) the API answers 503 within its
 * command timeout ({@code chorus.redis.command-timeout}, 5 s) instead of holding each request for
 * the whole pause, and serves again by itself once Redis goes on.
 */
@ChorusE2E
class RedisPausedIT {

  /** The command timeout and what the gateway adds to it; far below the pause. */
  private static final Duration ANSWER_DEADLINE = Duration.ofSeconds(12);

  private static final Duration PAUSE = Duration.ofSeconds(20);

  private final TestStack stack;
  private final Gateway gateway;

  RedisPausedIT(TestStack stack) {
    this.stack = stack;
    this.gateway = new Gateway(stack.gatewayUrl);
  }

  @Test
  void requestsDuringAPauseAnswer503WithinTheCommandTimeout() throws Exception {
    String path = "/api/v1/pipelines/" + TestPipelines.ECHO_TWICE + "/runs";
    Map<String, Object> start = Map.of("input", Map.of("n", 1));
    List<Duration> answered = new ArrayList<>();
    try (var paused = stack.redisServer.suspend()) {
      long end = System.nanoTime() + PAUSE.toNanos();
      // Starts one after another for the whole pause: each must be answered, none held.
      while (System.nanoTime() < end) {
        long begin = System.nanoTime();
        Gateway.Response answer = gateway.post(path, start);
        Duration took = Duration.ofNanos(System.nanoTime() - begin);
        assertThat(answer.status()).as("answer after %s: %s", took, answer.body()).isEqualTo(503);
        assertThat(answer.body()).containsEntry("title", "Redis unavailable");
        assertThat(took).isLessThan(ANSWER_DEADLINE);
        answered.add(took);
      }
    }
    System.out.println("starts during a " + PAUSE + " Redis pause answered 503 after " + answered);
    assertThat(answered).hasSizeGreaterThanOrEqualTo(2);

    await("starts succeed again once Redis goes on")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> gateway.post(path, start).status() == 201);
  }
}
