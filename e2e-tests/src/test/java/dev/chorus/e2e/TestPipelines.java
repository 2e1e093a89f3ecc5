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

  /** A timeout longer than the test: a task can only move to another agent by the lease reaper. */
  static final String EXPIRY = "registry-expiry";
  static final String MAJOR_1 = "registry-major-1";
  static final String MAJOR_2 = "registry-major-2";
  /** Any version: the step is dispatched again (after a retryable error) once another major has joined. */
  static final String PINNED = "registry-pinned";
  static final String ABSENT = "registry-absent";
  static final String LATE = "registry-late";
  static final String DRAIN = "registry-drain";

  static final List<String> PROPERTIES = new ArrayList<>();

  static {
    step(CRASH_RECOVERY, "hold", HoldingAgent.CAPABILITY, "timeout=60s", "max-attempts=3");
    step(SILENT_TIMEOUT, "hold", HoldingAgent.CAPABILITY, "timeout=4s", "max-attempts=3");
    step(POISON, "swallow", PoisonAgent.CAPABILITY, "timeout=120s", "max-attempts=1");
    step(POISON_REDRIVE, "swallow", PoisonAgent.CAPABILITY, "timeout=120s", "max-attempts=2", "retry-backoff=10m");
    step(SILENT, "wait", "test.silent", "timeout=60s", "max-attempts=1");
    steps(ECHO_TWICE, "test.echo", "first", "second");
    steps(REDIS_RESTART, "test.echo", "first", "second");
    step(SLOW, "crawl", "test.slow", "timeout=10m", "max-attempts=3");
    step(EXPIRY, "work", "test.expiry", "timeout=5m", "max-attempts=1");
    step(MAJOR_1, "work", "test.versioned", "version-range=^1", "when-no-agent=fail");
    step(MAJOR_2, "work", "test.versioned", "version-range=^2.0", "when-no-agent=fail");
    step(PINNED, "work", "test.pinned", "version-range=*", "timeout=5m", "max-attempts=3");
    step(ABSENT, "work", "test.absent", "version-range=>=1.2 <2", "labels[0]=region in (eu, us)", "when-no-agent=fail");
    step(LATE, "work", "test.late", "when-no-agent=wait", "wait-for-agent=2m");
    step(DRAIN, "work", "test.drain", "version-range=~1.0", "when-no-agent=fail");
  }

  private TestPipelines() {}

  /** A pipeline of one step. */
  private static void step(String pipeline, String name, String capability, String... settings) {
    add(pipeline, 0, name, capability, settings);
  }

  /** A pipeline of several steps of one capability, each with a 60 s timeout. */
  private static void steps(String pipeline, String capability, String... names) {
    for (int i = 0; i < names.length; i++) {
      add(pipeline, i, names[i], capability, "timeout=60s", "max-attempts=3");
    }
  }

  private static void add(String pipeline, int index, String name, String capability, String... settings) {
    String prefix = "chorus.pipelines." + pipeline + ".steps[" + index + "].";
    PROPERTIES.add(prefix + "name=" + name);
    PROPERTIES.add(prefix + "capability=" + capability);
    for (String setting : settings) {
      PROPERTIES.add(prefix + setting);
    }
  }
}
