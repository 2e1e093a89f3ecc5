package dev.chorus.e2e;

import java.util.ArrayList;
import java.util.List;

/** Pipelines the tests add to the demo one, as configuration properties of the test application. */
final class TestPipelines {

  /** One step served by {@link HoldingAgent}; its long timeout leaves recovery to the reclaimer. */
  static final String CRASH_RECOVERY = "crash-recovery";
  /** One step served by {@link HoldingAgent} with a short timeout, so a silent agent's task is dispatched again. */
  static final String SILENT_TIMEOUT = "silent-timeout";
  /** One step of {@link PoisonAgent} with one attempt: a poison task fails the run. */
  static final String POISON = "poison";
  /** One step of {@link PoisonAgent} with a second attempt after a long back-off, so the run waits for a re-drive. */
  static final String POISON_REDRIVE = "poison-redrive";
  /** One step of a capability nobody serves, for replies written by the test itself. */
  static final String SILENT = "silent";
  /** Two steps of {@link HoldingAgent} serving {@code test.echo}. */
  static final String ECHO_TWICE = "echo-twice";
  /** Two steps of {@link HoldingAgent} serving {@code test.echo}, for the Redis restart. */
  static final String REDIS_RESTART = "redis-restart";
  /** One step of {@link HoldingAgent} serving {@code test.slow}. */
  static final String SLOW = "slow";

  static final List<String> PROPERTIES = new ArrayList<>();

  static {
    step(CRASH_RECOVERY, 0, "hold", HoldingAgent.CAPABILITY, "60s", 3, "1s");
    step(SILENT_TIMEOUT, 0, "hold", HoldingAgent.CAPABILITY, "4s", 3, "1s");
    step(POISON, 0, "swallow", PoisonAgent.CAPABILITY, "120s", 1, "1s");
    step(POISON_REDRIVE, 0, "swallow", PoisonAgent.CAPABILITY, "120s", 2, "10m");
    step(SILENT, 0, "wait", "test.silent", "60s", 1, "1s");
    step(ECHO_TWICE, 0, "first", "test.echo", "60s", 3, "1s");
    step(ECHO_TWICE, 1, "second", "test.echo", "60s", 3, "1s");
    step(REDIS_RESTART, 0, "first", "test.echo", "60s", 3, "1s");
    step(REDIS_RESTART, 1, "second", "test.echo", "60s", 3, "1s");
    step(SLOW, 0, "crawl", "test.slow", "10m", 3, "1s");
  }

  private TestPipelines() {}

  private static void step(String pipeline, int index, String name, String capability, String timeout, int attempts, String backoff) {
    String prefix = "chorus.pipelines." + pipeline + ".steps[" + index + "].";
    PROPERTIES.addAll(List.of(
        prefix + "name=" + name,
        prefix + "capability=" + capability,
        prefix + "timeout=" + timeout,
        prefix + "max-attempts=" + attempts,
        prefix + "retry-backoff=" + backoff));
  }
}
