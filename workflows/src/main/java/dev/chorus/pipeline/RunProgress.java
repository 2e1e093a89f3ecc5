package dev.chorus.pipeline;

import java.util.ArrayList;
import java.util.List;

/** The run's step-by-step record that the state query reports. */
final class RunProgress {

  private final String pipeline;
  private final List<StepState> steps = new ArrayList<>();
  private RunStatus status = RunStatus.RUNNING;
  private String currentStep;

  RunProgress(PipelineDefinition definition) {
    this.pipeline = definition.name();
    definition.steps().forEach(step -> steps.add(StepState.pending(step)));
  }

  void dispatched(String step, int attempt, long nowMillis) {
    currentStep = step;
    update(step, s -> s.dispatched(attempt, nowMillis));
  }

  void retrying(String step, String why) {
    update(step, s -> s.retrying(why));
  }

  void completed(String step, AgentReply reply, long nowMillis) {
    update(step, s -> s.completed(reply, nowMillis));
  }

  void failed(String step, String why, long nowMillis) {
    update(step, s -> s.failed(why, nowMillis));
  }

  void finish(RunStatus finalStatus) {
    status = finalStatus;
    currentStep = null;
  }

  RunState snapshot(ReplyInbox inbox, String taskIdPrefix) {
    List<StepState> view = new ArrayList<>();
    for (StepState step : steps) {
      view.add(step.withDuplicates(inbox.ignoredFor(taskIdPrefix + step.name())));
    }
    return new RunState(pipeline, status, currentStep, List.copyOf(view));
  }

  private void update(String step, java.util.function.UnaryOperator<StepState> change) {
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i).name().equals(step)) {
        steps.set(i, change.apply(steps.get(i)));
        return;
      }
    }
    throw new IllegalStateException("no step named " + step);
  }
}
