package dev.chorus.pipeline.workflow;

import dev.chorus.pipeline.AgentReply;
import dev.chorus.pipeline.RunState;
import dev.chorus.pipeline.RunStatus;
import dev.chorus.pipeline.StepState;
import dev.chorus.pipeline.StepStatus;
import dev.chorus.pipeline.model.PipelineDefinition;
import dev.chorus.pipeline.model.StepTree;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The run's step-by-step record that the state query reports. Insertion-ordered, so it lists steps
 * in document order and then forEach items as they start, the same way on every replay.
 */
final class RunProgress implements AgentCallListener {

  private final PipelineDefinition definition;
  private final CurrentDetails details;
  private final Map<String, StepState> steps = new LinkedHashMap<>();
  private final List<String> compensated = new ArrayList<>();
  private final List<String> compensationFailures = new ArrayList<>();
  private RunStatus status = RunStatus.RUNNING;
  private String currentStep;
  private int continuedAsNew;

  RunProgress(PipelineDefinition definition) {
    this.definition = definition;
    this.details = new CurrentDetails(definition);
    StepTree.walk(
        definition.steps(),
        (step, capability) ->
            steps.put(
                step.name(), StepStates.pending(step.name(), StepTree.kind(step), capability)));
  }

  /** Picks up where the previous run of a continue-as-new chain left off. */
  RunProgress(PipelineDefinition definition, RunState carried) {
    this.definition = definition;
    this.details = new CurrentDetails(definition);
    carried.steps().forEach(s -> steps.put(s.name(), s));
    compensated.addAll(carried.compensated());
    compensationFailures.addAll(carried.compensationFailures());
    continuedAsNew = carried.continuedAsNew() + 1;
  }

  void started(String step, String kind, StepStatus running, long nowMillis) {
    currentStep = step;
    steps.putIfAbsent(step, StepStates.pending(step, kind, null));
    update(step, s -> StepStates.started(s, running, nowMillis));
  }

  void finished(String step, Map<String, Object> output, long nowMillis) {
    update(
        step,
        s ->
            s.status() == StepStatus.COMPLETED
                ? s
                : StepStates.completed(s, null, output, nowMillis));
  }

  /**
   * A step that failed or was cancelled. An agent step inside a forEach item that fails before its
   * first dispatch (its input mapping) is known only now.
   */
  void ended(String step, StepStatus end, String why, long nowMillis) {
    steps.putIfAbsent(step, StepStates.pending(step, null, null));
    update(step, s -> StepStates.ended(s, end, why, nowMillis));
  }

  /**
   * A step of a case not taken. Inside a forEach item it is known only now, by the item's name for
   * it, as steps of items are when they start.
   */
  void skipped(String step, String kind, String capability) {
    steps.putIfAbsent(step, StepStates.pending(step, kind, capability));
    update(step, s -> StepStates.withStatus(s, StepStatus.SKIPPED, null));
  }

  @Override
  public void dispatched(String step, String capability, int attempt, long nowMillis) {
    currentStep = step;
    steps.putIfAbsent(step, StepStates.pending(step, "agent", capability));
    update(step, s -> StepStates.dispatched(s, capability, attempt, nowMillis));
  }

  @Override
  public void erred(String step, String agentId) {
    update(step, s -> StepStates.answeredBy(s, agentId));
  }

  @Override
  public void retrying(String step, String why) {
    update(step, s -> StepStates.retrying(s, why));
  }

  @Override
  public void completed(String step, AgentReply reply, long nowMillis) {
    update(step, s -> StepStates.completed(s, reply.agentId(), reply.output(), nowMillis));
  }

  @Override
  public void failed(String step, String why, long nowMillis) {
    update(step, s -> StepStates.ended(s, StepStatus.FAILED, why, nowMillis));
  }

  @Override
  public void cancelled(String step, long nowMillis) {
    update(step, s -> StepStates.ended(s, StepStatus.CANCELLED, "cancelled", nowMillis));
  }

  @Override
  public void compensated(String step) {
    compensated.add(step);
    // A completed child's step, undone by its parent, is first seen here.
    steps.putIfAbsent(step, StepStates.pending(step, "agent", null));
    update(step, s -> StepStates.withStatus(s, StepStatus.COMPENSATED, null));
  }

  @Override
  public void compensationFailed(String step, String why) {
    compensationFailures.add(step + ": " + why);
    steps.putIfAbsent(step, StepStates.pending(step, "agent", null));
    update(step, s -> StepStates.withStatus(s, StepStatus.COMPENSATION_FAILED, why));
  }

  /** Ends the run; in a run that did not complete, the steps that never started never will. */
  void finish(RunStatus finalStatus) {
    status = finalStatus;
    currentStep = null;
    if (finalStatus != RunStatus.COMPLETED) {
      steps.replaceAll(
          (name, s) ->
              s.status() == StepStatus.PENDING
                  ? StepStates.withStatus(s, StepStatus.SKIPPED, null)
                  : s);
    }
    details.show(status, steps.values());
  }

  void status(RunStatus next) {
    status = next;
    details.show(status, steps.values());
  }

  RunState snapshot(Agents agents) {
    List<StepState> view = new ArrayList<>();
    steps
        .values()
        .forEach(step -> view.add(StepStates.withDuplicates(step, agents.ignoredFor(step.name()))));
    return new RunState(
        definition.name(),
        definition.version(),
        status,
        currentStep,
        List.copyOf(view),
        List.copyOf(compensated),
        List.copyOf(compensationFailures),
        continuedAsNew);
  }

  private void update(String step, UnaryOperator<StepState> change) {
    StepState state = steps.get(step);
    if (state == null) {
      throw new IllegalStateException("no step named " + step);
    }
    steps.put(step, change.apply(state));
    details.show(status, steps.values());
  }
}
