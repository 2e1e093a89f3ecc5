package dev.chorus.definition;

import java.time.Duration;

/** The limits tests validate with: the documented defaults of chorus.pipelines.limits.*. */
final class TestLimits {

  static final DefinitionLimits DOCUMENTED =
      new DefinitionLimits(1000, 100, 100, 500, 4096, 32, 256, Duration.ofDays(3650));

  private TestLimits() {}
}
