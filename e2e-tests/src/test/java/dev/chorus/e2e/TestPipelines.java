package dev.chorus.e2e;

import java.util.List;

/** Pipelines the tests add to the demo one, as configuration properties of the test application. */
final class TestPipelines {

  /** One step served by {@link HoldingAgent}, with a short timeout so a lost task is re-dispatched soon. */
  static final String CRASH_RECOVERY = "crash-recovery";

  static final List<String> PROPERTIES = List.of(
      "chorus.pipelines." + CRASH_RECOVERY + ".steps[0].name=hold",
      "chorus.pipelines." + CRASH_RECOVERY + ".steps[0].capability=" + HoldingAgent.CAPABILITY,
      "chorus.pipelines." + CRASH_RECOVERY + ".steps[0].timeout=4s",
      "chorus.pipelines." + CRASH_RECOVERY + ".steps[0].max-attempts=3");

  private TestPipelines() {}
}
