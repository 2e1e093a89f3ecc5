package dev.chorus.protocol;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An agent's answer to one dispatch, as an entry of {@link Streams#REPLIES}. Its schema is
 * docs/schemas/reply-envelope.schema.json.
 *
 * @param taskId the task's idempotency key, copied from the task
 * @param dispatchId the dispatch answered, copied from the task
 * @param workflowId the run to wake, copied from the task
 * @param token the task's dispatch token, echoed unchanged
 * @param agentId who answered
 * @param ok whether the work succeeded
 * @param output the result, a JSON object as text, when {@code ok}
 * @param error what went wrong, when not {@code ok}
 * @param retryable when not {@code ok}: whether another attempt may succeed
 * @param retryAfter when retryable: the least delay before the next dispatch ({@link RetryAfter}),
 *     or null
 * @param pauseCapability with {@code retryAfter}: whether the delay holds for every dispatch of the
 *     task's capability, not only this step's, because the agents' upstream throttles them all
 * @param traceparent W3C trace context of the agent's work, or null
 */
public record ReplyEnvelope(
    String taskId,
    String dispatchId,
    String workflowId,
    String token,
    String agentId,
    boolean ok,
    String output,
    String error,
    boolean retryable,
    String retryAfter,
    boolean pauseCapability,
    String traceparent) {

  /**
   * Suffix of the dispatch id of a notice sent on a dead-lettered task's behalf (see {@link
   * #deadLettered}).
   */
  public static final String DEAD_LETTER_SUFFIX = "!dead-letter";

  public static ReplyEnvelope success(TaskEnvelope task, String agentId, String output) {
    return new ReplyEnvelope(
        task.taskId(),
        task.dispatchId(),
        task.workflowId(),
        task.token(),
        agentId,
        true,
        output,
        null,
        false,
        null,
        false,
        null);
  }

  public static ReplyEnvelope failure(
      TaskEnvelope task, String agentId, String error, boolean retryable) {
    return new ReplyEnvelope(
        task.taskId(),
        task.dispatchId(),
        task.workflowId(),
        task.token(),
        agentId,
        false,
        null,
        error,
        retryable,
        null,
        false,
        null);
  }

  /**
   * Tells a run that its task went to the dead letters. The notice answers a dispatch id of its
   * own, so a real reply to the task, after an operator re-drives it, is still accepted by the run.
   */
  public static ReplyEnvelope deadLettered(
      TaskEnvelope task, String rejectedBy, String reason, boolean retryable) {
    return deadLettered(
        task.taskId(),
        task.dispatchId(),
        task.workflowId(),
        task.token(),
        rejectedBy,
        reason,
        retryable);
  }

  /** The same notice, from the ids of an entry that could not be read whole. */
  public static ReplyEnvelope deadLettered(
      String taskId,
      String dispatchId,
      String workflowId,
      String token,
      String rejectedBy,
      String reason,
      boolean retryable) {
    return new ReplyEnvelope(
        taskId,
        dispatchId + DEAD_LETTER_SUFFIX,
        workflowId,
        token,
        rejectedBy,
        false,
        null,
        "dead-lettered: " + reason,
        retryable,
        null,
        false,
        null);
  }

  /**
   * The notice for an entry that could not be read, when it still names its task, dispatch and run.
   * Sending the same entry again cannot help, so the notice is not retryable unless the caller says
   * so.
   */
  public static java.util.Optional<ReplyEnvelope> deadLettered(
      Map<String, String> unreadable, String rejectedBy, String reason, boolean retryable) {
    String taskId = unreadable.get("taskId");
    String dispatchId = unreadable.get("dispatchId");
    String workflowId = unreadable.get("workflowId");
    if (blank(taskId) || blank(dispatchId) || blank(workflowId)) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(
        deadLettered(
            taskId,
            dispatchId,
            workflowId,
            unreadable.get("token"),
            rejectedBy,
            reason,
            retryable));
  }

  /**
   * The dispatch a reply answers: its own dispatch id, or for a dead-letter notice the dispatch of
   * the task it speaks for. Its token is that dispatch's.
   */
  public static String dispatchAnswered(String dispatchId) {
    return dispatchId != null && dispatchId.endsWith(DEAD_LETTER_SUFFIX)
        ? dispatchId.substring(0, dispatchId.length() - DEAD_LETTER_SUFFIX.length())
        : dispatchId;
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  /**
   * The same reply carrying a W3C {@code traceparent}, so the signal into the run joins the agent's
   * trace.
   */
  public ReplyEnvelope withTraceparent(String context) {
    return new ReplyEnvelope(
        taskId,
        dispatchId,
        workflowId,
        token,
        agentId,
        ok,
        output,
        error,
        retryable,
        retryAfter,
        pauseCapability,
        context);
  }

  /** The same retryable error, asking the run to wait at least {@code delay} before retrying. */
  public ReplyEnvelope withRetryAfter(Duration delay) {
    if (ok || !retryable) {
      throw new IllegalStateException("only a retryable error can ask for a later retry");
    }
    return new ReplyEnvelope(
        taskId,
        dispatchId,
        workflowId,
        token,
        agentId,
        false,
        null,
        error,
        true,
        RetryAfter.of(delay),
        false,
        traceparent);
  }

  /**
   * The same retryable error with its {@code retryAfter} holding for the whole capability: no task
   * of it is dispatched before then, by any run.
   */
  public ReplyEnvelope withCapabilityPaused() {
    if (retryAfter == null) {
      throw new IllegalStateException("only a reply with retryAfter can pause its capability");
    }
    return new ReplyEnvelope(
        taskId,
        dispatchId,
        workflowId,
        token,
        agentId,
        false,
        null,
        error,
        true,
        retryAfter,
        true,
        traceparent);
  }

  public Map<String, String> toFields() {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("v", Protocol.VERSION);
    fields.put("taskId", taskId);
    fields.put("dispatchId", dispatchId);
    fields.put("workflowId", workflowId);
    if (token != null) {
      fields.put("token", token);
    }
    fields.put("agentId", agentId);
    fields.put("status", ok ? "ok" : "error");
    if (ok) {
      fields.put("output", output);
    } else {
      fields.put("error", error);
      fields.put("retryable", Boolean.toString(retryable));
      if (retryAfter != null) {
        fields.put("retryAfter", retryAfter);
      }
      if (pauseCapability) {
        fields.put("pauseCapability", "true");
      }
    }
    if (traceparent != null) {
      fields.put("traceparent", traceparent);
    }
    return fields;
  }

  /** Reads an entry, throwing {@link MalformedEnvelopeException} that lists every bad field. */
  public static ReplyEnvelope fromFields(Map<String, String> fields) {
    EnvelopeFields f = EnvelopeFields.validated("reply", EnvelopeSchema.REPLY, fields);
    boolean ok = "ok".equals(f.text("status"));
    boolean retryable = !ok && "true".equals(f.text("retryable"));
    String retryAfter = retryable ? f.text("retryAfter") : null;
    if (retryAfter != null) {
      RetryAfter.problem(retryAfter)
          .ifPresent(
              problem -> {
                throw new MalformedEnvelopeException("malformed reply: " + problem);
              });
    }
    return new ReplyEnvelope(
        f.text("taskId"),
        f.text("dispatchId"),
        f.text("workflowId"),
        f.text("token"),
        f.text("agentId"),
        ok,
        ok ? f.text("output") : null,
        ok ? null : f.text("error"),
        retryable,
        retryAfter,
        retryAfter != null && "true".equals(f.text("pauseCapability")),
        f.text("traceparent"));
  }
}
