package dev.chorus.protocol;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What every reader of replies checks on a raw entry before it lets the reply near a run: that it
 * is not larger than the limit (before anything is parsed), and that it carries the dispatch token
 * of the dispatch it claims to answer. The bridge and the gateway's request/reply path both check
 * through here, and the bridge checks agents' progress entries ({@link ProgressEnvelope}) by the
 * same token rules.
 */
public final class ReplyChecks {

  /** Longest value kept of an oversized entry's fields in its dead letter. */
  static final int KEPT_CHARS = 1024;

  private final DispatchTokens tokens;
  private final long maxReplyBytes;

  public ReplyChecks(DispatchTokens tokens, long maxReplyBytes) {
    if (maxReplyBytes < 1) {
      throw new IllegalArgumentException("maxReplyBytes must be positive, was " + maxReplyBytes);
    }
    this.tokens = tokens;
    this.maxReplyBytes = maxReplyBytes;
  }

  /** Why the entry is too large, naming its size and the limit; empty when it is within it. */
  public Optional<String> oversized(Map<String, String> fields) {
    long size = entryBytes(fields);
    return size > maxReplyBytes
        ? Optional.of(
            "reply of "
                + size
                + " bytes is over the limit of "
                + maxReplyBytes
                + " bytes (chorus.bus.max-reply-bytes)")
        : Optional.empty();
  }

  /**
   * Why the entry's {@code token} does not prove it answers the dispatch it names, prefixed {@code
   * token: }; empty when it does. A dead-letter notice answers the dispatch it speaks for.
   */
  public Optional<String> tokenProblem(Map<String, String> fields) {
    return tokens
        .problem(
            fields.get("token"),
            ReplyEnvelope.dispatchAnswered(fields.get("dispatchId")),
            fields.get("taskId"),
            fields.get("workflowId"))
        .map(problem -> "token: " + problem);
  }

  /** The size of a stream entry as Redis holds it: its names and values, in UTF-8 bytes. */
  public static long entryBytes(Map<String, String> fields) {
    long size = 0;
    for (Map.Entry<String, String> field : fields.entrySet()) {
      size += utf8Length(field.getKey()) + utf8Length(field.getValue());
    }
    return size;
  }

  /**
   * The fields of an oversized entry cut to what a person needs to see what it was, so that a flood
   * of large replies does not fill the dead letters with their whole bodies.
   */
  public static Map<String, String> abridged(Map<String, String> fields) {
    Map<String, String> kept = new LinkedHashMap<>();
    fields.forEach(
        (name, value) ->
            kept.put(
                name,
                value != null && value.length() > KEPT_CHARS
                    ? value.substring(0, KEPT_CHARS)
                        + "… ("
                        + value.length()
                        + " characters in all)"
                    : value));
    return kept;
  }

  private static long utf8Length(String text) {
    if (text == null) {
      return 0;
    }
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }
}
