package dev.chorus.protocol;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One task for an agent, as an entry of its capability's stream. Its schema is
 * docs/schemas/task-envelope.schema.json.
 *
 * @param taskId idempotency key: the same for every dispatch of one step of one run, so an agent
 *     that sees it twice can answer from what it already did
 * @param dispatchId unique per dispatch of the task; echoed in the reply
 * @param workflowId the run that waits for the reply
 * @param step the step's name within its pipeline
 * @param capability the capability asked for
 * @param attempt 1 for the first dispatch, counting up on every re-dispatch by the run
 * @param deadlineMillis epoch milliseconds after which the run no longer waits for this dispatch
 * @param input the task's input, a JSON object as text
 * @param delivery how many times this task has been handed to an agent, counting this one
 * @param replyTo the stream the reply goes to
 * @param traceparent W3C trace context of the dispatch, or null
 * @param token the dispatch token (see {@link DispatchTokens}) the reply must echo; null until
 *     {@link #signed signed}
 */
public record TaskEnvelope(
    String taskId,
    String dispatchId,
    String workflowId,
    String step,
    String capability,
    int attempt,
    long deadlineMillis,
    String input,
    int delivery,
    String replyTo,
    String traceparent,
    String token) {

  /** A first delivery, answered on {@link Streams#REPLIES}. */
  public static TaskEnvelope first(
      String taskId,
      String dispatchId,
      String workflowId,
      String step,
      String capability,
      int attempt,
      long deadlineMillis,
      String input) {
    return new TaskEnvelope(
        taskId,
        dispatchId,
        workflowId,
        step,
        capability,
        attempt,
        deadlineMillis,
        input,
        1,
        Streams.REPLIES,
        null,
        null);
  }

  /** The same task handed out once more, after the agent that held it went silent. */
  public TaskEnvelope redelivered() {
    return new TaskEnvelope(
        taskId,
        dispatchId,
        workflowId,
        step,
        capability,
        attempt,
        deadlineMillis,
        input,
        delivery + 1,
        replyTo,
        traceparent,
        token);
  }

  /**
   * The same task carrying a W3C {@code traceparent}, so the agent's work joins the run's trace.
   */
  public TaskEnvelope withTraceparent(String context) {
    return new TaskEnvelope(
        taskId,
        dispatchId,
        workflowId,
        step,
        capability,
        attempt,
        deadlineMillis,
        input,
        delivery,
        replyTo,
        context,
        token);
  }

  public TaskEnvelope withReplyTo(String stream) {
    return new TaskEnvelope(
        taskId,
        dispatchId,
        workflowId,
        step,
        capability,
        attempt,
        deadlineMillis,
        input,
        delivery,
        stream,
        traceparent,
        token);
  }

  /** The same task carrying its dispatch token, signed over its ids, capability and deadline. */
  public TaskEnvelope signed(DispatchTokens tokens) {
    return withToken(tokens.sign(dispatchId, taskId, workflowId, capability, deadlineMillis));
  }

  private TaskEnvelope withToken(String signature) {
    return new TaskEnvelope(
        taskId,
        dispatchId,
        workflowId,
        step,
        capability,
        attempt,
        deadlineMillis,
        input,
        delivery,
        replyTo,
        traceparent,
        signature);
  }

  public Map<String, String> toFields() {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("v", Protocol.VERSION);
    fields.put("taskId", taskId);
    fields.put("dispatchId", dispatchId);
    fields.put("workflowId", workflowId);
    fields.put("step", step);
    fields.put("capability", capability);
    fields.put("attempt", Integer.toString(attempt));
    fields.put("deadline", Long.toString(deadlineMillis));
    fields.put("input", input);
    fields.put("delivery", Integer.toString(delivery));
    fields.put("replyTo", replyTo);
    if (traceparent != null) {
      fields.put("traceparent", traceparent);
    }
    if (token != null) {
      fields.put("token", token);
    }
    return fields;
  }

  /** Reads an entry, throwing {@link MalformedEnvelopeException} that lists every bad field. */
  public static TaskEnvelope fromFields(Map<String, String> fields) {
    EnvelopeFields f = EnvelopeFields.validated("task", EnvelopeSchema.TASK, fields);
    return new TaskEnvelope(
        f.text("taskId"),
        f.text("dispatchId"),
        f.text("workflowId"),
        f.text("step"),
        f.text("capability"),
        f.integer("attempt", 1),
        f.longInteger("deadline"),
        f.text("input"),
        f.integer("delivery", 1),
        f.text("replyTo", Streams.REPLIES),
        f.text("traceparent"),
        f.text("token"));
  }

  public boolean expiredAt(long epochMillis) {
    return epochMillis > deadlineMillis;
  }
}
