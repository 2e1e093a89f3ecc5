package dev.chorus.pipeline.workflow;

import dev.chorus.pipeline.AgentReply;
import dev.chorus.pipeline.AgentTask;
import dev.chorus.pipeline.DispatchActivities;
import dev.chorus.pipeline.DispatchMode;
import dev.chorus.pipeline.Dispatched;
import dev.chorus.pipeline.PipelineRun;
import dev.chorus.pipeline.PipelineWorkflow;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Calls agents by capability from any Temporal workflow. Each call dispatches a task over the wire,
 * waits on a Temporal timer for the reply the bridge signals in, and dispatches again after a
 * timeout or retryable error with {@link io.temporal.common.RetryOptions} back-off; a run that
 * waits survives any process crash. A workflow that uses it forwards its {@value #REPLY_SIGNAL}
 * signal to {@link #accept(AgentReply)}:
 *
 * <pre>{@code
 * private final Agents agents = Agents.newInstance();
 * @SignalMethod(name = Agents.REPLY_SIGNAL) public void reply(AgentReply r) { agents.accept(r); }
 * ... Promise<Map<String, Object>> out = agents.call(AgentCallOptions.of("summary", "text.summary"), input);
 * }</pre>
 */
public final class Agents {

  public static final String REPLY_SIGNAL = PipelineWorkflow.REPLY_SIGNAL;

  /** Failure type of a call that ran out of attempts or met a non-retryable agent error. */
  public static final String STEP_FAILED = "StepFailed";

  /** The error type of an unanswered dispatch, for {@code doNotRetry}. */
  public static final String TIMEOUT = "Timeout";

  /** Change id of taking only replies to a step's current dispatch (see {@link ReplyInbox}). */
  static final String REPLIES_BOUND_TO_DISPATCH = "replies-bound-to-dispatch";

  private final ReplyInbox inbox = new ReplyInbox();
  private final List<Compensation> compensations = new ArrayList<>();
  private final AgentCallListener listener;
  private final DispatchMode dispatchMode;
  private final String workflowId;
  private final String taskIdPrefix;

  /** See {@link OperatorTruth}; false while a run recorded before it replays. */
  private final boolean truth;

  private Agents(AgentCallListener listener, DispatchMode dispatchMode) {
    this.listener = listener;
    this.dispatchMode = dispatchMode;
    this.workflowId = Workflow.getInfo().getWorkflowId();
    // The first run id is part of every task id, so replies meant for an earlier run with the same
    // workflow id are told apart from ours; it stays the same across continue-as-new and on replay.
    this.taskIdPrefix = workflowId + "/" + Workflow.getInfo().getFirstExecutionRunId() + "/";
    this.truth = OperatorTruth.applies();
  }

  /** Whether this run issues the commands of {@link OperatorTruth}. */
  boolean tellsTheTruth() {
    return truth;
  }

  /** Must be created in workflow code (a field of the workflow implementation). */
  public static Agents newInstance() {
    return newInstance(AgentCallListener.NONE);
  }

  public static Agents newInstance(AgentCallListener listener) {
    return newInstance(listener, DispatchMode.ACTIVITY);
  }

  /**
   * @param dispatchMode how tasks are dispatched; it changes the shape of the history, so a run
   *     must keep the mode it started with (see {@link PipelineRun#dispatch()})
   */
  public static Agents newInstance(AgentCallListener listener, DispatchMode dispatchMode) {
    return new Agents(listener, dispatchMode);
  }

  /** Hands over a reply signal. Duplicates, late replies and strays are applied at most once. */
  public void accept(AgentReply reply) {
    inbox.offer(reply);
  }

  /** Starts the call in its own workflow thread. */
  public Promise<Map<String, Object>> call(AgentCallOptions options, Map<String, Object> input) {
    return Async.function(this::execute, options, input);
  }

  /**
   * Calls and waits. Throws an {@link ApplicationFailure} of type {@value #STEP_FAILED} when the
   * capability and then its fallback are exhausted.
   */
  public Map<String, Object> execute(AgentCallOptions options, Map<String, Object> input) {
    Map<String, Object> output;
    try {
      output = attempts(options.step(), options.step(), options.capability(), options, input);
    } catch (CallFailure primary) {
      if (options.fallback() == null) {
        throw stepFailed(options, primary.getMessage());
      }
      listener.retrying(
          options.step(), primary.getMessage() + "; falling back to " + options.fallback());
      try {
        output =
            attempts(
                options.step() + "~fallback", options.step(), options.fallback(), options, input);
      } catch (CallFailure fallback) {
        throw stepFailed(
            options,
            primary.getMessage()
                + "; fallback "
                + options.fallback()
                + ": "
                + fallback.getMessage());
      }
    } catch (CanceledFailure | ActivityFailure failure) {
      if (failure instanceof ActivityFailure && !Failures.cancelled(failure)) {
        throw failure;
      }
      listener.cancelled(options.step(), Workflow.currentTimeMillis());
      // The task is on the wire: its agent may have done the work, so it is undone like a completed
      // step, with no output to go by.
      if (truth && options.compensate() != null && wasDispatched(options.step())) {
        registerCompensation(options, compensationInput(options, input, null));
      }
      throw failure;
    }
    if (options.compensate() != null) {
      registerCompensation(
          options,
          truth
              ? compensationInput(options, input, output)
              : Map.of("input", input, "output", output));
    }
    return output;
  }

  /**
   * {@code {input, output, taskId}}: the task id is the one the undone step's agent saw, so an
   * agent that keys its side effects by it finds what to undo, even when {@code output} is null.
   */
  private Map<String, Object> compensationInput(
      AgentCallOptions options, Map<String, Object> input, Map<String, Object> output) {
    Map<String, Object> undo = new LinkedHashMap<>();
    undo.put("input", input);
    undo.put("output", output);
    undo.put("taskId", taskIdPrefix + options.step());
    return undo;
  }

  private boolean wasDispatched(String step) {
    return inbox.dispatched(taskIdPrefix + step)
        || inbox.dispatched(taskIdPrefix + step + "~fallback");
  }

  /** Adds an undo step by hand, e.g. for a call completed before a continue-as-new. */
  public void registerCompensation(
      AgentCallOptions options, Map<String, Object> compensationInput) {
    compensations.add(new Compensation(options, compensationInput, null));
  }

  /**
   * Adds the undo of a step of the pinned pipeline {@code pipeline} (a completed child's), so one
   * reverse order spans the parent's steps and its children's.
   */
  void registerCompensation(
      AgentCallOptions options, Map<String, Object> compensationInput, String pipeline) {
    compensations.add(new Compensation(options, compensationInput, pipeline));
  }

  /**
   * Inputs of the registered compensations, oldest first, with the options they were registered
   * with.
   */
  List<Compensation> compensations() {
    return List.copyOf(compensations);
  }

  boolean hasCompensations() {
    return !compensations.isEmpty();
  }

  /**
   * Runs the registered compensations in reverse order of completion, in a detached cancellation
   * scope so they run even while the workflow is being cancelled, and forgets them.
   */
  public CompensationReport compensate() {
    List<String> done = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    Workflow.newDetachedCancellationScope(
            () -> {
              for (int i = compensations.size() - 1; i >= 0; i--) {
                Compensation c = compensations.get(i);
                AgentCallOptions options = c.options();
                try {
                  attempts(
                      options.step() + "~compensate",
                      null,
                      options.compensate(),
                      options,
                      c.input());
                  listener.compensated(options.step());
                  done.add(options.step());
                } catch (CallFailure | ActivityFailure failure) {
                  listener.compensationFailed(options.step(), failure.getMessage());
                  failures.add(options.step() + ": " + failure.getMessage());
                }
              }
            })
        .run();
    compensations.clear();
    return new CompensationReport(done, failures);
  }

  /**
   * Dispatches until a reply is accepted; {@code reportAs} null keeps the attempts out of the
   * listener.
   */
  private Map<String, Object> attempts(
      String taskKey,
      String reportAs,
      String capability,
      AgentCallOptions options,
      Map<String, Object> input) {
    String taskId = taskIdPrefix + taskKey;
    AgentCallListener report = reportAs == null ? AgentCallListener.NONE : listener;
    if (Workflow.getVersion(REPLIES_BOUND_TO_DISPATCH, Workflow.DEFAULT_VERSION, 1) == 1) {
      inbox.bindToDispatches();
    }
    inbox.expect(taskId);
    int maxAttempts = options.retry().getMaximumAttempts();
    // Workflow time, not the system clock: the same values come back when the history is replayed.
    long totalDeadline =
        options.totalTimeout() == null
            ? Long.MAX_VALUE
            : Workflow.currentTimeMillis() + options.totalTimeout().toMillis();
    String lastError = "no dispatch before the total timeout of " + options.totalTimeout();
    String pinnedVersion = null;
    int attempt = 1;
    for (; maxAttempts == 0 || attempt <= maxAttempts; attempt++) {
      long now = Workflow.currentTimeMillis();
      if (now >= totalDeadline) {
        throw fail(taskId, lastError + "; total timeout of " + options.totalTimeout() + " passed");
      }
      long deadline = Math.min(now + options.attemptTimeout().toMillis(), totalDeadline);
      report.dispatched(reportAs, capability, attempt, now);
      Duration wait = Duration.ofMillis(Math.max(1, deadline - now));
      String dispatchId = taskId + "#" + attempt;
      inbox.dispatching(taskId, dispatchId);
      // The first resolution sticks: every re-dispatch carries the version the first one was routed
      // to.
      pinnedVersion =
          dispatch(
                  taskId,
                  options,
                  Summaries.call(taskKey, capability, attempt),
                  new AgentTask(
                      taskId,
                      dispatchId,
                      workflowId,
                      taskKey,
                      capability,
                      attempt,
                      deadline,
                      input,
                      options.versionRange(),
                      options.labels(),
                      pinnedVersion,
                      options.waitForAgent()))
              .version();

      Optional<AgentReply> reply =
          awaitReply(taskId, wait, Summaries.reply(taskKey, capability, attempt, wait));
      boolean lastAttempt = maxAttempts != 0 && attempt >= maxAttempts;
      while (true) {
        String errorType;
        if (reply.isPresent()) {
          AgentReply answer = reply.get();
          if (answer.ok()) {
            inbox.settle(taskId);
            report.completed(reportAs, answer, Workflow.currentTimeMillis());
            return answer.output() == null ? Map.of() : new LinkedHashMap<>(answer.output());
          }
          errorType = ErrorTypes.of(answer.error());
          lastError = "agent " + answer.agentId() + " failed it: " + answer.error();
          report.erred(reportAs, answer.agentId());
          if (!answer.retryable()) {
            throw fail(taskId, lastError);
          }
        } else {
          errorType = TIMEOUT;
          lastError =
              "no reply within " + Duration.ofMillis(deadline - now) + " (attempt " + attempt + ")";
        }
        if (List.of(
                options.retry().getDoNotRetry() == null
                    ? new String[0]
                    : options.retry().getDoNotRetry())
            .contains(errorType)) {
          throw fail(taskId, lastError + " (" + errorType + " is not retried)");
        }
        report.retrying(reportAs, lastError);
        if (lastAttempt) {
          break;
        }
        long backOff = options.retry().calculateSleepTime(attempt);
        // An agent whose upstream throttles it says when to come back; never sooner than that.
        Long notBefore = reply.map(AgentReply::retryNotBefore).orElse(null);
        if (notBefore != null) {
          backOff = Math.max(backOff, notBefore - Workflow.currentTimeMillis());
          if (reply.get().pausesCapability()) {
            // Only replies that ask for it record this, so histories from before replay unchanged.
            dispatcher(options, null).pauseCapability(capability, notBefore);
          }
        }
        long pause = Math.min(backOff, totalDeadline - Workflow.currentTimeMillis());
        // A late answer to this dispatch (a slow agent, a dead letter an operator re-drove) ends
        // the
        // back-off and is taken instead of dispatching again.
        reply =
            pause > 0
                ? awaitReply(
                    taskId,
                    Duration.ofMillis(pause),
                    Summaries.backOff(taskKey, capability, attempt, Duration.ofMillis(pause)))
                : Optional.empty();
        if (reply.isEmpty()) {
          break;
        }
      }
    }
    throw fail(
        taskId, "no successful reply after " + (attempt - 1) + " attempts; last: " + lastError);
  }

  /**
   * Runs the dispatch activity, as an activity or as a local activity. A non-retryable failure (no
   * matching agent in time, a requirement or input that cannot be sent) ends the call with its
   * message; anything else is Temporal's to retry.
   */
  private Dispatched dispatch(
      String taskId, AgentCallOptions options, String summary, AgentTask task) {
    try {
      return dispatcher(options, truth ? summary : null).dispatch(task);
    } catch (ActivityFailure failure) {
      if (failure.getCause() instanceof ApplicationFailure cause && cause.isNonRetryable()) {
        throw fail(taskId, cause.getOriginalMessage());
      }
      throw failure;
    }
  }

  /**
   * The dispatch activities as this run calls them. Creating a stub records nothing in history;
   * only a call does, as an activity task or a marker.
   */
  private DispatchActivities dispatcher(AgentCallOptions options, String summary) {
    return dispatchMode == DispatchMode.LOCAL_ACTIVITY
        ? Workflow.newLocalActivityStub(
            DispatchActivities.class,
            DispatchOptions.localWaitingUpTo(options.waitForAgent(), summary))
        : Workflow.newActivityStub(
            DispatchActivities.class,
            DispatchOptions.forWaitingUpTo(options.waitForAgent(), summary));
  }

  /** Waits on a Temporal timer for the reply signal of {@code taskId}. */
  private Optional<AgentReply> awaitReply(String taskId, Duration timeout, String summary) {
    boolean replied =
        truth
            ? Timers.await(timeout, summary, () -> inbox.hasReply(taskId))
            : Workflow.await(timeout, () -> inbox.hasReply(taskId));
    return replied ? inbox.take(taskId) : Optional.empty();
  }

  private CallFailure fail(String taskId, String why) {
    inbox.settle(taskId);
    return new CallFailure(why);
  }

  private ApplicationFailure stepFailed(AgentCallOptions options, String why) {
    String message = "step '" + options.step() + "' (" + options.capability() + "): " + why;
    listener.failed(options.step(), message, Workflow.currentTimeMillis());
    return ApplicationFailure.newNonRetryableFailure(message, STEP_FAILED);
  }

  int ignoredFor(String step) {
    return inbox.ignoredFor(taskIdPrefix + step);
  }

  /** One capability exhausted; only ever caught inside this class. */
  private static final class CallFailure extends RuntimeException {
    CallFailure(String message) {
      super(message, null, false, false);
    }
  }
}
