package dev.chorus.pipeline.workflow;

import io.temporal.workflow.Workflow;

/**
 * The change that makes an answered agent step cost fewer history events: one reply timer shared by
 * steps due close together ({@link SharedTimer}), the run's events told inside the next dispatch
 * ({@link RunEvents}), a search attribute upserted only when its value changes. A run that has it
 * records this one version marker and no other: it implies {@link OperatorTruth}, {@link
 * RunEvents#CHANGE} and {@link Agents#REPLIES_BOUND_TO_DISPATCH}, whose own markers only runs
 * recorded before it have. It is asked first, so those runs replay with the markers they have.
 */
final class LeanHistory {

  static final String CHANGE = "lean-history";

  private LeanHistory() {}

  static boolean applies() {
    return Workflow.getVersion(CHANGE, Workflow.DEFAULT_VERSION, 1) == 1;
  }
}
