package dev.chorus.protocol;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One task for an agent, as an entry of its capability's stream.
 *
 * @param taskId idempotency key: the same for every dispatch of one step of one run, so an agent
 *     that sees it twice can answer from what it already did
 * @param dispatchId unique per dispatch of the task; echoed in the reply
 * @param workflowId the run that waits for the reply
 * @param step the step's name within its pipeline
 * @param capability the capability asked for
 * @param attempt 1 for the first dispatch, counting up on every re-dispatch
 * @param deadlineMillis epoch milliseconds after which the run no longer waits for this dispatch
 * @param input the task's input, a JSON object as text
 */
public record TaskEnvelope(
    String taskId,
    String dispatchId,
    String workflowId,
    String step,
    String capability,
    int attempt,
    long deadlineMillis,
    String input) {

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
    return fields;
  }

  /** Reads an entry, throwing {@link MalformedEnvelopeException} that lists every bad field. */
  public static TaskEnvelope fromFields(Map<String, String> fields) {
    EnvelopeFields f = new EnvelopeFields("task", fields);
    TaskEnvelope task =
        new TaskEnvelope(
            f.required("taskId"),
            f.required("dispatchId"),
            f.required("workflowId"),
            f.required("step"),
            f.required("capability"),
            f.requiredInt("attempt"),
            f.requiredLong("deadline"),
            f.required("input"));
    f.done();
    return task;
  }

  public boolean expiredAt(long epochMillis) {
    return epochMillis > deadlineMillis;
  }
}
