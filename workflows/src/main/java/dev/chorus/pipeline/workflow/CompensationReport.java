package dev.chorus.pipeline.workflow;

import java.util.List;

/**
 * What {@link Agents#compensate()} undid, in the order it ran (the reverse of completion).
 *
 * @param compensated steps whose compensation succeeded
 * @param failures {@code step: why} for each compensation that failed
 */
public record CompensationReport(List<String> compensated, List<String> failures) {

  public static final CompensationReport NONE = new CompensationReport(List.of(), List.of());

  public CompensationReport {
    compensated = List.copyOf(compensated);
    failures = List.copyOf(failures);
  }
}
