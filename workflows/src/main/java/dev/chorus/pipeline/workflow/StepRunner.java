package dev.chorus.pipeline.workflow;

import dev.chorus.pipeline.RunLimits;
import dev.chorus.pipeline.RunSearchAttributes;
import dev.chorus.pipeline.StepStatus;
import dev.chorus.pipeline.expression.ExpressionException;
import dev.chorus.pipeline.expression.Expressions;
import dev.chorus.pipeline.model.AgentStep;
import dev.chorus.pipeline.model.ChildPipelineStep;
import dev.chorus.pipeline.model.Durations;
import dev.chorus.pipeline.model.ForEachStep;
import dev.chorus.pipeline.model.OnError;
import dev.chorus.pipeline.model.ParallelStep;
import dev.chorus.pipeline.model.Step;
import dev.chorus.pipeline.model.StepTree;
import dev.chorus.pipeline.model.SwitchCase;
import dev.chorus.pipeline.model.SwitchStep;
import dev.chorus.pipeline.model.WaitStep;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Interprets steps: each kind to its Temporal building blocks, with the step's failure handling.
 */
final class StepRunner {

  /**
   * Failure type that ends a run as COMPENSATED rather than FAILED ({@code onError: compensate}).
   */
  static final String COMPENSATE_RUN = "CompensateRun";

  private final Agents agents;
  private final Expressions expressions;
  private final RunProgress progress;
  private final SignalBox signals;
  private final ChildPipelines children;
  private final Concurrency concurrency;

  StepRunner(
      Agents agents,
      RunProgress progress,
      SignalBox signals,
      ChildPipelines children,
      LongRun longRun,
      RunLimits limits) {
    this.concurrency = new Concurrency(this, longRun, limits.forEachItems());
    this.expressions = new Expressions(limits.expressionIterations());
    this.agents = agents;
    this.progress = progress;
    this.signals = signals;
    this.children = children;
  }

  /** Runs steps in order; the output of the last one. */
  Map<String, Object> runAll(List<Step> steps, Scope scope) {
    Map<String, Object> last = Map.of();
    for (Step step : steps) {
      last = run(step, scope);
    }
    return last;
  }

  Map<String, Object> run(Step step, Scope scope) {
    String key = scope.key(step.name());
    Workflow.upsertTypedSearchAttributes(RunSearchAttributes.STEP.valueSet(key));
    if (!(step instanceof AgentStep)) {
      progress.started(
          key,
          StepTree.kind(step),
          step instanceof WaitStep ? StepStatus.WAITING : StepStatus.RUNNING,
          Workflow.currentTimeMillis());
    }
    Map<String, Object> output;
    try {
      output = execute(step, key, scope);
    } catch (CanceledFailure cancelled) {
      progress.ended(key, StepStatus.CANCELLED, "cancelled", Workflow.currentTimeMillis());
      throw cancelled;
    } catch (TemporalFailure | ExpressionException failure) {
      String why = Failures.message(failure);
      // A child pipeline or a dispatch cancelled with the run reaches it wrapped; it is the run's
      // cancellation, not the step's failure, and no onError applies to it.
      boolean cancelled = Failures.cancelled(failure);
      progress.ended(
          key,
          cancelled ? StepStatus.CANCELLED : StepStatus.FAILED,
          cancelled ? "cancelled" : why,
          Workflow.currentTimeMillis());
      if (cancelled && failure instanceof TemporalFailure temporal && agents.tellsTheTruth()) {
        throw temporal;
      }
      if (step.onError() == OnError.CONTINUE) {
        output = Map.of("error", why);
        scope.put(step.name(), output);
        return output;
      }
      String type = step.onError() == OnError.COMPENSATE ? COMPENSATE_RUN : Agents.STEP_FAILED;
      throw ApplicationFailure.newNonRetryableFailureWithCause(
          why, type, failure instanceof TemporalFailure t ? t : null);
    }
    scope.put(step.name(), output);
    progress.finished(key, output, Workflow.currentTimeMillis());
    return output;
  }

  private Map<String, Object> execute(Step step, String key, Scope scope) {
    if (step instanceof AgentStep agent) {
      return agents.execute(AgentOptions.of(key, agent), mapInput(agent.input(), scope));
    }
    if (step instanceof ParallelStep parallel) {
      return concurrency.parallel(parallel, scope);
    }
    if (step instanceof ForEachStep each) {
      return concurrency.forEach(each, scope, evaluate(each.items(), scope));
    }
    if (step instanceof SwitchStep choice) {
      return choose(choice, scope);
    }
    if (step instanceof WaitStep wait) {
      return await(wait);
    }
    ChildPipelineStep child = (ChildPipelineStep) step;
    return children.run(child, key, mapInput(child.input(), scope));
  }

  private Map<String, Object> choose(SwitchStep choice, Scope scope) {
    List<SwitchCase> cases = choice.cases();
    int chosen = -1;
    for (int i = 0; i < cases.size() && chosen < 0; i++) {
      if (expressions.test(cases.get(i).when(), scope.variables())) {
        chosen = i;
      }
    }
    for (int i = 0; i <= cases.size(); i++) {
      if (i != (chosen < 0 ? cases.size() : chosen)) {
        List<Step> skipped = i < cases.size() ? cases.get(i).steps() : choice.otherwise();
        StepTree.walk(
            skipped,
            (step, capability) ->
                progress.skipped(scope.key(step.name()), StepTree.kind(step), capability));
      }
    }
    List<Step> branch = chosen < 0 ? choice.otherwise() : cases.get(chosen).steps();
    Map<String, Object> output = new LinkedHashMap<>();
    output.put("case", chosen < 0 ? "default" : chosen);
    output.put("output", runAll(branch, scope));
    return output;
  }

  private Map<String, Object> await(WaitStep wait) {
    boolean signalled;
    if (wait.timeout() == null) {
      Workflow.await(() -> signals.has(wait.signal()));
      signalled = true;
    } else if (agents.tellsTheTruth()) {
      Duration timeout = Durations.parse(wait.timeout());
      signalled =
          Timers.await(
              timeout,
              Summaries.signal(wait.name(), wait.signal(), timeout),
              () -> signals.has(wait.signal()));
    } else {
      signalled = Workflow.await(Durations.parse(wait.timeout()), () -> signals.has(wait.signal()));
    }
    if (signalled) {
      return signals.take(wait.signal());
    }
    if ("continue".equals(wait.onTimeout())) {
      return Map.of("timedOut", true);
    }
    throw ApplicationFailure.newNonRetryableFailure(
        "step '" + wait.name() + "': no signal '" + wait.signal() + "' within " + wait.timeout(),
        "WaitTimedOut");
  }

  /** An input mapping evaluated field by field; no mapping passes the run's input on as it is. */
  Map<String, Object> mapInput(Map<String, String> mapping, Scope scope) {
    if (mapping == null) {
      return scope.input();
    }
    Map<String, Object> variables = scope.variables();
    Map<String, Object> input = new LinkedHashMap<>();
    mapping.forEach(
        (field, expression) -> input.put(field, expressions.evaluate(expression, variables)));
    return input;
  }

  Object evaluate(String expression, Scope scope) {
    return expressions.evaluate(expression, scope.variables());
  }
}
