package dev.chorus.e2e;

import java.util.ArrayList;
import java.util.List;

/** Pipelines the tests add to the demo one, as configuration properties of the test application. */
final class TestPipelines {

  /**
   * One step served by {@link HoldingAgent}, with a short timeout so a lost task is re-dispatched soon,
   * and attempts enough to outlast the start of a replacement agent on a busy machine.
   */
  static final String CRASH_RECOVERY = "crash-recovery";

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
    step(CRASH_RECOVERY, "hold", HoldingAgent.CAPABILITY, "timeout=4s", "max-attempts=10");
    step(EXPIRY, "work", "test.expiry", "timeout=5m", "max-attempts=1");
    step(MAJOR_1, "work", "test.versioned", "version-range=^1", "when-no-agent=fail");
    step(MAJOR_2, "work", "test.versioned", "version-range=^2.0", "when-no-agent=fail");
    step(PINNED, "work", "test.pinned", "version-range=*", "timeout=5m", "max-attempts=3");
    step(ABSENT, "work", "test.absent", "version-range=>=1.2 <2", "labels[0]=region in (eu, us)", "when-no-agent=fail");
    step(LATE, "work", "test.late", "when-no-agent=wait", "wait-for-agent=2m");
    step(DRAIN, "work", "test.drain", "version-range=~1.0", "when-no-agent=fail");
  }

  private TestPipelines() {}

  private static void step(String pipeline, String name, String capability, String... settings) {
    String prefix = "chorus.pipelines." + pipeline + ".steps[0].";
    PROPERTIES.add(prefix + "name=" + name);
    PROPERTIES.add(prefix + "capability=" + capability);
    for (String setting : settings) {
      PROPERTIES.add(prefix + setting);
    }
  }
}
