package dev.chorus.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.protocol.ReplyEnvelope;
import dev.chorus.protocol.TaskEnvelope;
import dev.chorus.protocol.TraceParent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.slf4j.MDC;

/**
 * Turns one task into its reply by calling the agent; every failure becomes an error reply. The
 * work is a span continuing the trace of the task's {@code traceparent}, and the reply carries that
 * span's context on, so the run's trace goes through the agent and back. Every reply, success or
 * error, echoes the task's dispatch token, without which Chorus refuses it.
 */
final class TaskWork {

  private final Agent agent;
  private final String agentId;
  private final ObjectMapper json;
  private final Tracer tracer;

  TaskWork(Agent agent, String agentId, ObjectMapper json, Tracer tracer) {
    this.agent = agent;
    this.agentId = agentId;
    this.json = json;
    this.tracer = tracer;
  }

  /** The reply to {@code task}, its progress told to {@code progress}. */
  ReplyEnvelope perform(TaskEnvelope task, TaskContext.Progress progress) {
    Span span =
        tracer
            .spanBuilder("perform " + task.capability())
            .setParent(TraceParent.parent(task.traceparent()))
            .setSpanKind(SpanKind.CONSUMER)
            .setAttribute("chorus.capability", task.capability())
            .setAttribute("chorus.step", task.step())
            .setAttribute("chorus.run_id", task.workflowId())
            .setAttribute("chorus.agent_id", agentId)
            .setAttribute("chorus.attempt", task.attempt())
            .startSpan();
    // Log lines the agent writes while it works carry the trace, the run and the step.
    try (Scope ignored = span.makeCurrent();
        var traceId = MDC.putCloseable("traceId", span.getSpanContext().getTraceId());
        var spanId = MDC.putCloseable("spanId", span.getSpanContext().getSpanId());
        var runId = MDC.putCloseable("runId", task.workflowId());
        var step = MDC.putCloseable("step", task.step())) {
      ReplyEnvelope reply = answer(task, progress);
      if (!reply.ok()) {
        span.setStatus(StatusCode.ERROR, reply.error());
      }
      return reply.withTraceparent(TraceParent.of(Context.current()));
    } finally {
      span.end();
    }
  }

  private ReplyEnvelope answer(TaskEnvelope task, TaskContext.Progress progress) {
    JsonNode input;
    try {
      input = json.readTree(task.input());
    } catch (JsonProcessingException e) {
      return ReplyEnvelope.failure(
          task, agentId, "task input is not JSON: " + e.getOriginalMessage(), false);
    }
    if (!input.isObject()) {
      return ReplyEnvelope.failure(task, agentId, "task input must be a JSON object", false);
    }
    try {
      ObjectNode output =
          agent.handle(
              input,
              new TaskContext(
                  task.taskId(), task.workflowId(), task.step(), task.attempt(), progress));
      if (output == null) {
        return ReplyEnvelope.failure(task, agentId, "agent returned no output", false);
      }
      return ReplyEnvelope.success(task, agentId, json.writeValueAsString(output));
    } catch (AgentException e) {
      ReplyEnvelope failure = ReplyEnvelope.failure(task, agentId, e.getMessage(), e.retryable());
      ReplyEnvelope throttled = e.retryAfter().map(failure::withRetryAfter).orElse(failure);
      return e.pausesCapability() ? throttled.withCapabilityPaused() : throttled;
    } catch (JsonProcessingException e) {
      return ReplyEnvelope.failure(
          task, agentId, "output is not serialisable: " + e.getOriginalMessage(), false);
    } catch (RuntimeException e) {
      // An unexpected exception may be a passing fault; the step's attempt limit bounds the
      // retries.
      return ReplyEnvelope.failure(
          task, agentId, e.getClass().getSimpleName() + ": " + e.getMessage(), true);
    }
  }
}
