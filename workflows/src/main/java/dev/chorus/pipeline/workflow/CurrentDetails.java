package dev.chorus.pipeline.workflow;

import dev.chorus.pipeline.RunStatus;
import dev.chorus.pipeline.RunSummaries;
import dev.chorus.pipeline.StepState;
import dev.chorus.pipeline.model.PipelineDefinition;
import io.temporal.workflow.Workflow;
import java.util.Collection;

/**
 * The run's step table as markdown in its current details, which the Temporal UI shows with the
 * run, updated at each step transition. It issues no command; the SDK answers the UI's metadata
 * query with it.
 */
final class CurrentDetails {

  /** Rows shown; a large forEach lists its first items and a count of the others. */
  static final int MAX_ROWS = 50;

  private static final int MAX_ERROR = 160;

  private final String title;

  CurrentDetails(PipelineDefinition definition) {
    this.title = RunSummaries.of(definition);
  }

  void show(RunStatus status, Collection<StepState> steps) {
    Workflow.setCurrentDetails(markdown(status, steps));
  }

  String markdown(RunStatus status, Collection<StepState> steps) {
    StringBuilder md = new StringBuilder();
    md.append("**").append(title).append("**: ").append(status).append("\n\n");
    md.append("| step | kind | capability | status | attempts | agent | error |\n");
    md.append("|---|---|---|---|---|---|---|\n");
    int row = 0;
    for (StepState s : steps) {
      if (row++ == MAX_ROWS) {
        md.append("\n… and ").append(steps.size() - MAX_ROWS).append(" more steps\n");
        break;
      }
      md.append("| ")
          .append(cell(s.name()))
          .append(" | ")
          .append(cell(s.kind()))
          .append(" | ")
          .append(cell(s.capability()))
          .append(" | ")
          .append(s.status())
          .append(" | ")
          .append(s.attempts() == 0 ? "" : s.attempts())
          .append(" | ")
          .append(cell(s.agentId()))
          .append(" | ")
          .append(cell(s.error()))
          .append(" |\n");
    }
    return md.toString();
  }

  private static String cell(String text) {
    if (text == null) {
      return "";
    }
    String flat = text.replace("\\", "\\\\").replace("|", "\\|").replaceAll("\\s+", " ");
    return flat.length() > MAX_ERROR ? flat.substring(0, MAX_ERROR) + "…" : flat;
  }
}
