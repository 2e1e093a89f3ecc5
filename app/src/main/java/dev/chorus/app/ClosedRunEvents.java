package dev.chorus.app;

import dev.chorus.events.RunEventStream;
import dev.chorus.pipeline.PipelineWorkflow;
import dev.chorus.pipeline.RunEvent;
import dev.chorus.pipeline.RunSearchAttributes;
import dev.chorus.protocol.LiveStream;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionMetadata;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells {@code run.finished} for the runs Temporal ended without their code (terminated, timed
 * out), which therefore never told it themselves. Each sweep lists the runs closed so since the
 * last one (with a margin, as visibility lags behind), and each is told once: the first instance to
 * claim its key in Redis tells it.
 */
final class ClosedRunEvents implements Runnable {

  static final String KEY_PREFIX = "chorus:run-finished:";

  private static final Logger log = LoggerFactory.getLogger(ClosedRunEvents.class);

  /** How far back the first sweep looks, for runs ended while no instance swept. */
  private static final Duration FIRST_LOOKBACK = Duration.ofHours(1);

  /** Longer than any sweep looks back, so a run is never told twice. */
  private static final Duration CLAIM_TTL = Duration.ofDays(2);

  private final WorkflowClient client;
  private final RedisCommands<String, String> redis;
  private final LiveStream live;
  private final Clock clock;
  private final Duration margin;
  private Instant lastSweep;

  ClosedRunEvents(
      WorkflowClient client,
      RedisCommands<String, String> redis,
      LiveStream live,
      Clock clock,
      Duration period) {
    this.client = client;
    this.redis = redis;
    this.live = live;
    this.clock = clock;
    this.margin = period.multipliedBy(2).plusSeconds(30);
  }

  @Override
  public void run() {
    Instant now = clock.instant();
    Instant from = lastSweep == null ? now.minus(FIRST_LOOKBACK) : lastSweep.minus(margin);
    try (Stream<WorkflowExecutionMetadata> closed = client.listExecutions(query(from))) {
      closed.forEach(this::tell);
      lastSweep = now;
    } catch (RuntimeException e) {
      // The next sweep looks back from the last one that went through, so nothing is missed.
      log.warn("run endings not swept: {}", e.toString());
    }
  }

  static String query(Instant closedSince) {
    return "WorkflowType='"
        + PipelineWorkflow.class.getSimpleName()
        + "' AND ExecutionStatus IN ('Terminated', 'TimedOut') AND CloseTime >= '"
        + closedSince
        + "'";
  }

  private void tell(WorkflowExecutionMetadata run) {
    String runId = run.getExecution().getWorkflowId();
    String claim = KEY_PREFIX + runId + ":" + run.getExecution().getRunId();
    if (!"OK".equals(redis.set(claim, "1", SetArgs.Builder.nx().ex(CLAIM_TTL)))) {
      return;
    }
    String status =
        run.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TIMED_OUT
            ? "TIMED_OUT"
            : "TERMINATED";
    RunEventStream.append(
        redis,
        live,
        new RunEvent(
            RunEvent.RUN_FINISHED,
            runId,
            run.getTypedSearchAttributes().get(RunSearchAttributes.PIPELINE),
            null,
            status,
            run.getCloseTime().toEpochMilli(),
            "ended by Temporal, not by the run"));
  }
}
