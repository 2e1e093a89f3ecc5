package dev.chorus.pipeline.workflow;

import dev.chorus.pipeline.AgentReply;
import dev.chorus.pipeline.DispatchActivities;
import dev.chorus.pipeline.PipelineResult;
import dev.chorus.pipeline.PipelineRun;
import dev.chorus.pipeline.PipelineWorkflow;
import dev.chorus.pipeline.Resume;
import dev.chorus.pipeline.RunSearchAttributes;
import dev.chorus.pipeline.RunState;
import dev.chorus.pipeline.RunStatus;
import dev.chorus.pipeline.model.PipelineDefinition;
import io.temporal.common.converter.EncodedValues;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.DynamicSignalHandler;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Interprets a pipeline definition. Workflow code is replayed from history after any crash, so it
 * does no I/O and reads no clock or random source of its own: Redis is reached only through {@link
 * DispatchActivities}, and time only through {@link Workflow}.
 */
public class PipelineWorkflowImpl implements PipelineWorkflow {

  private final RunProgress progress;
  private final RunEvents events;
  private final Agents agents;
  private final SignalBox signals;

  /** Index of the top-level step running now. */
  private int current;

  /**
   * Builds what the signal and query handlers use. Temporal may deliver a signal before the first
   * workflow task runs {@link #run} (a signal-with-start, a reply racing the start), but never
   * before this constructor. It issues the same commands in the same order as {@link #run} did
   * before it existed (the events' version marker first), so recorded histories replay unchanged.
   */
  @WorkflowInit
  public PipelineWorkflowImpl(PipelineRun run) {
    PipelineDefinition definition = run.definition();
    Resume resume = run.resume();
    progress =
        resume == null ? new RunProgress(definition) : new RunProgress(definition, resume.state());
    events = new RunEvents(definition.name(), run.dispatch());
    agents =
        Agents.newInstance(
            AgentCallListener.both(progress, AgentCallListener.both(events, new StepLatency())),
            run.dispatch());
    signals = new SignalBox(resume == null ? Map.of() : resume.signals());
    Workflow.registerListener((DynamicSignalHandler) this::event);
  }

  @Override
  public PipelineResult run(PipelineRun run) {
    PipelineDefinition definition = run.definition();
    Resume resume = run.resume();
    Workflow.upsertTypedSearchAttributes(
        RunSearchAttributes.STATUS.valueSet(RunStatus.RUNNING.name()));
    if (resume == null) {
      events.started();
    }

    Scope top = Scope.top(run.input(), resume == null ? Map.of() : resume.outputs());
    int first = resume == null ? 0 : resume.nextStep();
    if (resume != null) {
      resume
          .compensations()
          .forEach(
              c ->
                  agents.registerCompensation(
                      PendingCompensations.options(c.key(), c, definition, run.library()),
                      c.input(),
                      c.pipeline()));
    }
    StepRunner runner =
        new StepRunner(
            agents,
            progress,
            signals,
            new ChildPipelines(run, agents),
            longRun(run, resume, top),
            run.limits());
    try {
      for (current = first; current < definition.steps().size(); current++) {
        if (current > first && historyTooLong(run)) {
          Workflow.continueAsNew(continued(run, resumeAt(current, top, Map.of())));
        }
        runner.run(definition.steps().get(current), top);
      }
    } catch (TemporalFailure failure) {
      RunEnd end = RunEnd.of(failure);
      CompensationReport report = compensate();
      RunStatus status = end.status(report);
      finish(status, end.detail(report));
      if (end.completes()) {
        return new PipelineResult(
            definition.name(), top.outputs(), status, report.compensated(), report.failures());
      }
      throw end.cancelled() || !agents.tellsTheTruth() ? failure : end.forOperators();
    }
    finish(RunStatus.COMPLETED);
    return new PipelineResult(
        definition.name(),
        top.outputs(),
        RunStatus.COMPLETED,
        List.of(),
        List.of(),
        PendingCompensations.of(agents));
  }

  @Override
  public void reply(AgentReply reply) {
    agents.accept(reply);
  }

  @Override
  public RunState state() {
    return progress.snapshot(agents);
  }

  /**
   * Any signal other than {@code reply}: an event for a wait step, its payload a JSON object (or
   * none).
   */
  @SuppressWarnings("unchecked")
  private void event(String name, EncodedValues payload) {
    Map<String, Object> body;
    try {
      body = payload.getSize() == 0 ? Map.of() : payload.get(0, Map.class);
    } catch (RuntimeException notAnObject) {
      body = Map.of("value", String.valueOf(payload.get(0, Object.class)));
    }
    signals.offer(name, body == null ? Map.of() : body);
  }

  private CompensationReport compensate() {
    progress.status(RunStatus.COMPENSATING);
    if (agents.hasCompensations() && agents.tellsTheTruth()) {
      Workflow.upsertTypedSearchAttributes(
          RunSearchAttributes.STATUS.valueSet(RunStatus.COMPENSATING.name()));
    }
    return agents.compensate();
  }

  private void finish(RunStatus status) {
    finish(status, null);
  }

  private void finish(RunStatus status, String detail) {
    progress.finish(status);
    events.finished(status, detail);
    Workflow.upsertTypedSearchAttributes(
        RunSearchAttributes.STATUS.valueSet(status.name()), RunSearchAttributes.STEP.valueUnset());
  }

  /** History length is recorded per workflow task, so this gives the same answer on replay. */
  private static boolean historyTooLong(PipelineRun run) {
    return Workflow.getInfo().isContinueAsNewSuggested()
        || Workflow.getInfo().getHistoryLength() > run.historyLimit();
  }

  private LongRun longRun(PipelineRun run, Resume resume, Scope top) {
    return new LongRun() {
      @Override
      public boolean historyTooLong() {
        return PipelineWorkflowImpl.historyTooLong(run);
      }

      @Override
      public void continueForEach(String step, List<Object> results) {
        Workflow.continueAsNew(continued(run, resumeAt(current, top, Map.of(step, results))));
      }

      @Override
      public List<Object> carriedResults(String step) {
        return resume == null || current != resume.nextStep()
            ? List.of()
            : resume.forEachResults().getOrDefault(step, List.of());
      }
    };
  }

  private Resume resumeAt(int nextStep, Scope top, Map<String, List<Object>> forEachResults) {
    return new Resume(
        nextStep,
        new LinkedHashMap<>(top.outputs()),
        progress.snapshot(agents),
        PendingCompensations.of(agents),
        signals.untaken(),
        forEachResults);
  }

  private static PipelineRun continued(PipelineRun run, Resume next) {
    return new PipelineRun(
        run.definition(),
        run.input(),
        run.library(),
        run.historyLimit(),
        next,
        run.dispatch(),
        run.limits());
  }
}
