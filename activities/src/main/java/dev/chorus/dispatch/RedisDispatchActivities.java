package dev.chorus.dispatch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chorus.pipeline.AgentTask;
import dev.chorus.pipeline.DispatchActivities;
import dev.chorus.pipeline.Dispatched;
import dev.chorus.protocol.DispatchTokens;
import dev.chorus.protocol.LiveStream;
import dev.chorus.protocol.Protocol;
import dev.chorus.protocol.TaskEnvelope;
import dev.chorus.protocol.TraceParent;
import dev.chorus.registry.CapabilityLimitStore;
import dev.chorus.registry.CapabilityRequirement;
import dev.chorus.registry.NoAgentException;
import dev.chorus.registry.RequirementSyntaxException;
import dev.chorus.registry.Route;
import dev.chorus.registry.Router;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisScriptingCommands;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInfo;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatch as a routing decision and one XADD of a {@link TaskEnvelope} to the chosen major's
 * stream, refused while that stream's backlog is at its limit so that a slow capability's stream
 * cannot grow without bound, and while the capability's rate limit is spent ({@link
 * BoundedAppend}). Each task carries its dispatch token, which the reply must echo for the bridge
 * to let it into the run. The XADD is a producer span whose context travels in the envelope's
 * {@code traceparent}, a child of the activity's span (Temporal's tracing interceptor makes it
 * current). Dispatches and refusals are counted per capability ({@code chorus_dispatches}, {@code
 * chorus_dispatches_refused}) on the activity's Temporal metrics scope. Each dispatch is also told
 * on the run's live stream ({@code step.dispatched}), for clients following the run.
 */
public class RedisDispatchActivities implements DispatchActivities {

  /**
   * Failure type of a dispatch refused for backpressure; retryable, so Temporal backs off and tries
   * again.
   */
  public static final String BACKPRESSURE = "Backpressure";

  /** Failure type of a dispatch refused for the capability's rate limit; retryable. */
  public static final String RATE_LIMITED = "RateLimited";

  /** Failure type of a dispatch refused while the capability's agents have paused it; retryable. */
  public static final String CAPABILITY_PAUSED = "CapabilityPaused";

  private static final Logger log = LoggerFactory.getLogger(RedisDispatchActivities.class);

  // Sets a pause's end unless one later is set: two agents asking at once leave the longer pause.
  private static final String KEEP_LATER =
      "local t = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')"
          + " if tonumber(ARGV[2]) > t then redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) return 1 end"
          + " return 0";

  private final RedisScriptingCommands<String, String> redis;
  private final BoundedAppend append;
  private final ObjectMapper json;
  private final Router router;
  private final Clock clock;
  private final long maxBacklog;
  private final Tracer tracer;
  private final DispatchTokens tokens;
  private final LiveStream live;

  public RedisDispatchActivities(
      RedisScriptingCommands<String, String> redis,
      LiveStream live,
      ObjectMapper json,
      Router router,
      Clock clock,
      long maxBacklog,
      Tracer tracer,
      DispatchTokens tokens) {
    this.tracer = tracer;
    this.tokens = tokens;
    this.live = live;
    this.redis = redis;
    this.append = new BoundedAppend(redis);
    this.json = json;
    this.router = router;
    this.clock = clock;
    this.maxBacklog = maxBacklog;
  }

  @Override
  public void pauseCapability(String capability, long untilMillis) {
    redis.eval(
        KEEP_LATER,
        ScriptOutputType.INTEGER,
        new String[] {CapabilityLimitStore.PAUSES},
        capability,
        Long.toString(untilMillis));
    log.info(
        "capability {} paused by its agent until {}",
        capability,
        Instant.ofEpochMilli(untilMillis));
  }

  @Override
  public Dispatched dispatch(AgentTask task) {
    Route route = route(task);
    TaskEnvelope envelope =
        TaskEnvelope.first(
                task.taskId(),
                task.dispatchId(),
                task.workflowId(),
                task.step(),
                task.capability(),
                task.attempt(),
                task.deadlineMillis(),
                toJson(task))
            .signed(tokens);
    Span span =
        tracer
            .spanBuilder("dispatch " + task.capability())
            .setSpanKind(SpanKind.PRODUCER)
            .setAttribute("chorus.capability", task.capability())
            .setAttribute("chorus.step", task.step())
            .setAttribute("chorus.run_id", task.workflowId())
            .setAttribute("chorus.attempt", task.attempt())
            .setAttribute("messaging.destination.name", route.stream())
            .startSpan();
    try (Scope ignored = span.makeCurrent()) {
      BoundedAppend.Outcome outcome =
          append.append(
              route.stream(),
              task.capability(),
              envelope.withTraceparent(TraceParent.of(Context.current())).toFields(),
              maxBacklog);
      com.uber.m3.tally.Scope metrics =
          Activity.getExecutionContext()
              .getMetricsScope()
              .tagged(Map.of("capability", task.capability()));
      if (outcome.waitMillis() > 0) {
        // Held by the capability's rate or by its agents' pause: retryable with the dispatch's own
        // back-off (at most 2 s), as for backpressure, so a waiting run goes at a later try and
        // none fails.
        String type = outcome.paused() ? CAPABILITY_PAUSED : RATE_LIMITED;
        metrics.counter("chorus_dispatches_throttled").inc(1);
        span.setStatus(StatusCode.ERROR, type);
        throw ApplicationFailure.newFailure(
            "capability "
                + task.capability()
                + (outcome.paused() ? " is paused by its agents" : " is at its rate limit")
                + "; the next task may go in "
                + outcome.waitMillis()
                + " ms",
            type);
      }
      if (!outcome.appended()) {
        metrics.counter("chorus_dispatches_refused").inc(1);
        span.setStatus(StatusCode.ERROR, BACKPRESSURE);
        throw ApplicationFailure.newFailure(
            "capability "
                + task.capability()
                + " has "
                + outcome.backlog()
                + " tasks waiting on "
                + route.stream()
                + " (limit "
                + outcome.limit()
                + ")",
            BACKPRESSURE);
      }
      metrics.counter("chorus_dispatches").inc(1);
      tellDispatched(task, route);
      return new Dispatched(outcome.entryId(), route.version(), route.stream());
    } finally {
      span.end();
    }
  }

  /**
   * Best effort: the task is on its stream already, and failing the activity now would only
   * dispatch it again, so a live stream Redis cannot write to is logged and left.
   */
  private void tellDispatched(AgentTask task, Route route) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("v", Protocol.VERSION);
    fields.put("type", LiveStream.STEP_DISPATCHED);
    fields.put("runId", task.workflowId());
    fields.put("step", task.step());
    fields.put("taskId", task.taskId());
    fields.put("capability", task.capability());
    fields.put("version", route.version());
    fields.put("attempt", Integer.toString(task.attempt()));
    fields.put("at", Long.toString(clock.millis()));
    try {
      live.append(task.workflowId(), fields);
    } catch (RedisException e) {
      log.warn("step.dispatched of {} not told: {}", task.taskId(), e.getMessage());
    }
  }

  private Route route(AgentTask task) {
    CapabilityRequirement requirement;
    try {
      requirement =
          CapabilityRequirement.parse(task.capability(), task.versionRange(), task.labels());
    } catch (RequirementSyntaxException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "step '" + task.step() + "': " + e.getMessage(), "BadRequirement");
    }
    try {
      return router.route(requirement, task.pinnedVersion());
    } catch (NoAgentException e) {
      if (waited(task.waitForAgent())) {
        throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), NO_AGENT);
      }
      // Retryable: Temporal backs off and routes again, so an agent that registers meanwhile is
      // found.
      throw ApplicationFailure.newFailure(e.getMessage(), "NoAgentYet");
    }
  }

  /**
   * Whether the step has waited its time for an agent, counted from this dispatch's first attempt.
   */
  private boolean waited(Duration waitForAgent) {
    ActivityInfo info = Activity.getExecutionContext().getInfo();
    return waitForAgent == null
        || clock.millis() - info.getScheduledTimestamp() >= waitForAgent.toMillis();
  }

  private String toJson(AgentTask task) {
    try {
      return json.writeValueAsString(task.input());
    } catch (JsonProcessingException e) {
      // Retrying cannot make an unserialisable input serialisable.
      throw ApplicationFailure.newNonRetryableFailure(
          "input of step '" + task.step() + "' is not JSON: " + e.getMessage(), "BadInput");
    }
  }
}
