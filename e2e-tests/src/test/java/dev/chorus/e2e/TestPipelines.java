package dev.chorus.e2e;

import java.util.List;

/**
 * Names of the pipelines the tests register, from {@code src/test/resources/pipelines/<name>.yaml}.
 */
final class TestPipelines {

  static final String CRASH_RECOVERY = "crash-recovery";
  static final String SILENT_TIMEOUT = "silent-timeout";
  static final String POISON = "poison";
  static final String POISON_REDRIVE = "poison-redrive";
  static final String SILENT = "silent";
  static final String ECHO_TWICE = "echo-twice";
  static final String REDIS_RESTART = "redis-restart";
  static final String SLOW = "slow";
  static final String ORDER_SAGA = "order-saga";
  static final String EXPIRY = "registry-expiry";
  static final String MAJOR_1 = "registry-major-1";
  static final String MAJOR_2 = "registry-major-2";
  static final String PINNED = "registry-pinned";
  static final String ABSENT = "registry-absent";
  static final String LATE = "registry-late";
  static final String DRAIN = "registry-drain";
  static final String FORGED = "forged-replies";
  static final String PYTHON_STATS = "python-stats";

  private static final List<String> ALL =
      List.of(
          CRASH_RECOVERY,
          SILENT_TIMEOUT,
          POISON,
          POISON_REDRIVE,
          SILENT,
          ECHO_TWICE,
          REDIS_RESTART,
          SLOW,
          ORDER_SAGA,
          EXPIRY,
          MAJOR_1,
          MAJOR_2,
          PINNED,
          ABSENT,
          LATE,
          DRAIN,
          FORGED,
          PYTHON_STATS);

  private TestPipelines() {}

  /** The value of {@code chorus.pipelines.built-in}: the demo pipeline and every test pipeline. */
  static String builtIn() {
    return "pipelines/text-insights.yaml,"
        + String.join(",", ALL.stream().map(name -> "pipelines/" + name + ".yaml").toList());
  }
}
