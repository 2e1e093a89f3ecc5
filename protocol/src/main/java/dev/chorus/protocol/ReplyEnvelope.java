package dev.chorus.protocol;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An agent's answer to one dispatch, as an entry of {@link Streams#REPLIES}.
 *
 * @param taskId the task's idempotency key, copied from the task
 * @param dispatchId the dispatch answered, copied from the task
 * @param workflowId the run to wake, copied from the task
 * @param agentId who answered
 * @param ok whether the work succeeded
 * @param output the result, a JSON object as text, when {@code ok}
 * @param error what went wrong, when not {@code ok}
 * @param retryable when not {@code ok}: whether another attempt may succeed
 */
public record ReplyEnvelope(
    String taskId,
    String dispatchId,
    String workflowId,
    String agentId,
    boolean ok,
    String output,
    String error,
    boolean retryable) {

  public static ReplyEnvelope success(TaskEnvelope task, String agentId, String output) {
    return new ReplyEnvelope(task.taskId(), task.dispatchId(), task.workflowId(), agentId, true, output, null, false);
  }

  public static ReplyEnvelope failure(TaskEnvelope task, String agentId, String error, boolean retryable) {
    return new ReplyEnvelope(task.taskId(), task.dispatchId(), task.workflowId(), agentId, false, null, error, retryable);
  }

  public Map<String, String> toFields() {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("v", Protocol.VERSION);
    fields.put("taskId", taskId);
    fields.put("dispatchId", dispatchId);
    fields.put("workflowId", workflowId);
    fields.put("agentId", agentId);
    fields.put("status", ok ? "ok" : "error");
    if (ok) {
      fields.put("output", output);
    } else {
      fields.put("error", error);
      fields.put("retryable", Boolean.toString(retryable));
    }
    return fields;
  }

  /** Reads an entry, throwing {@link MalformedEnvelopeException} that lists every bad field. */
  public static ReplyEnvelope fromFields(Map<String, String> fields) {
    EnvelopeFields f = new EnvelopeFields("reply", fields);
    String status = f.required("status");
    f.check(status == null || status.equals("ok") || status.equals("error"),
        "field 'status' must be 'ok' or 'error' but was '" + status + "'");
    boolean ok = "ok".equals(status);
    ReplyEnvelope reply =
        new ReplyEnvelope(
            f.required("taskId"),
            f.required("dispatchId"),
            f.required("workflowId"),
            f.required("agentId"),
            ok,
            ok ? f.required("output") : null,
            ok ? null : f.required("error"),
            !ok && f.requiredBoolean("retryable"));
    f.done();
    return reply;
  }
}
