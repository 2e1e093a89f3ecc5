package dev.chorus.protocol;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An agent's progress on a task in its hands, or a chunk of the task's partial output, as an entry
 * of {@link Streams#PROGRESS}. Its schema is docs/schemas/progress-envelope.schema.json. It carries
 * the task's ids and dispatch token, so the bridge lets it into the run's live stream only when it
 * really speaks for a dispatch of that run; it never changes what the run does, which only the
 * reply decides.
 *
 * @param taskId copied from the task
 * @param dispatchId copied from the task
 * @param workflowId the run, copied from the task
 * @param step the step's name, copied from the task
 * @param token the task's dispatch token, echoed unchanged
 * @param agentId who works on the task
 * @param kind {@link #PROGRESS} or {@link #OUTPUT}
 * @param fraction with {@link #PROGRESS}: the share done, {@code 0} to {@code 1} as text, or null
 * @param message with {@link #PROGRESS}: what the agent is doing, or null
 * @param chunk with {@link #OUTPUT}: the next piece of partial output
 */
public record ProgressEnvelope(
    String taskId,
    String dispatchId,
    String workflowId,
    String step,
    String token,
    String agentId,
    String kind,
    String fraction,
    String message,
    String chunk) {

  public static final String PROGRESS = "progress";
  public static final String OUTPUT = "output";

  /** Longest progress message the schema admits. */
  public static final int MAX_MESSAGE_CHARS = 1024;

  /** Longest chunk the schema admits; the bridge's byte limit is usually lower. */
  public static final int MAX_CHUNK_CHARS = 65536;

  /**
   * How far the work on {@code task} is; {@code fraction} (0 to 1) or {@code message} may be null.
   */
  public static ProgressEnvelope progress(
      TaskEnvelope task, String agentId, Double fraction, String message) {
    if (fraction != null && !(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException(
          "progress fraction must be between 0 and 1, was " + fraction);
    }
    if (message != null && message.length() > MAX_MESSAGE_CHARS) {
      throw new IllegalArgumentException(
          "progress message of "
              + message.length()
              + " characters is over the limit of "
              + MAX_MESSAGE_CHARS);
    }
    return new ProgressEnvelope(
        task.taskId(),
        task.dispatchId(),
        task.workflowId(),
        task.step(),
        task.token(),
        agentId,
        PROGRESS,
        fraction == null ? null : fractionText(fraction),
        message,
        null);
  }

  /** The next chunk of {@code task}'s partial output. */
  public static ProgressEnvelope output(TaskEnvelope task, String agentId, String chunk) {
    if (chunk == null || chunk.isEmpty() || chunk.length() > MAX_CHUNK_CHARS) {
      throw new IllegalArgumentException(
          "a chunk of partial output must have 1 to "
              + MAX_CHUNK_CHARS
              + " characters, had "
              + (chunk == null ? 0 : chunk.length()));
    }
    return new ProgressEnvelope(
        task.taskId(),
        task.dispatchId(),
        task.workflowId(),
        task.step(),
        task.token(),
        agentId,
        OUTPUT,
        null,
        null,
        chunk);
  }

  // At most six decimals, as the schema's pattern has it, without a trailing run of zeros.
  private static String fractionText(double fraction) {
    String text = String.format(java.util.Locale.ROOT, "%.6f", fraction);
    text = text.replaceFirst("0+$", "");
    return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
  }

  public Map<String, String> toFields() {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("v", Protocol.VERSION);
    fields.put("taskId", taskId);
    fields.put("dispatchId", dispatchId);
    fields.put("workflowId", workflowId);
    fields.put("step", step);
    fields.put("token", token);
    fields.put("agentId", agentId);
    fields.put("kind", kind);
    putIfPresent(fields, "fraction", fraction);
    putIfPresent(fields, "message", message);
    putIfPresent(fields, "chunk", chunk);
    return fields;
  }

  /** Reads an entry, throwing {@link MalformedEnvelopeException} that lists every bad field. */
  public static ProgressEnvelope fromFields(Map<String, String> fields) {
    EnvelopeFields f = EnvelopeFields.validated("progress", EnvelopeSchema.PROGRESS, fields);
    boolean output = OUTPUT.equals(f.text("kind"));
    return new ProgressEnvelope(
        f.text("taskId"),
        f.text("dispatchId"),
        f.text("workflowId"),
        f.text("step"),
        f.text("token"),
        f.text("agentId"),
        f.text("kind"),
        output ? null : f.text("fraction"),
        output ? null : f.text("message"),
        output ? f.text("chunk") : null);
  }

  private static void putIfPresent(Map<String, String> fields, String name, String value) {
    if (value != null) {
      fields.put(name, value);
    }
  }
}
