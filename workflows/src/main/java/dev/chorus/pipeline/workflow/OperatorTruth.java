package dev.chorus.pipeline.workflow;

import io.temporal.workflow.Workflow;

/**
 * The change that makes a run tell operators the truth: reply timers cancelled once the reply is
 * there, summaries on timers, activities and children, {@code COMPENSATING} in the search
 * attribute, in-flight steps and completed children compensated, cancellations kept as such. Each
 * changes the commands a run issues, so runs recorded before it replay without it; the marker is
 * recorded once, where a run first asks.
 */
final class OperatorTruth {

  static final String CHANGE = "operator-truth";

  private OperatorTruth() {}

  static boolean applies() {
    return Workflow.getVersion(CHANGE, Workflow.DEFAULT_VERSION, 1) == 1;
  }
}
