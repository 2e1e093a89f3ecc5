package dev.chorus.push;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chorus.protocol.MalformedEnvelopeException;
import dev.chorus.protocol.ReplyEnvelope;
import dev.chorus.protocol.TaskEnvelope;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one request to an HTTP agent came to, read by the contract of docs/agent-protocol.md, "Push
 * mode".
 *
 * @param kind what the deliverer does next
 * @param reply the reply to write, for {@link Kind#REPLY}
 * @param reason why the task is not answered (yet), otherwise
 * @param retryAfter the wait the agent asked for ({@code Retry-After}), or null
 */
record AgentAnswer(Kind kind, ReplyEnvelope reply, String reason, Duration retryAfter) {

  enum Kind {
    /** A valid reply to this very task. */
    REPLY,
    /** The task can never be answered by sending it again: dead-letter it now. */
    REJECTED,
    /** The agent is busy (429): try again later, without counting a failure. */
    BUSY,
    /** A failed request (error status, no connection, no answer in time): counts as a failure. */
    FAILED
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() {};

  /** The Micrometer tag of this outcome. */
  String outcome() {
    return kind.name().toLowerCase(java.util.Locale.ROOT);
  }

  static AgentAnswer of(HttpResponse<String> response, TaskEnvelope task) {
    int status = response.statusCode();
    Duration retryAfter = retryAfter(response).orElse(null);
    return switch (status) {
      case 200 -> reply(response.body(), task);
      case 422 -> rejected("the agent refused the task: " + detail(response.body()));
      case 413 -> rejected("the task is larger than the agent accepts (413)");
      case 429 -> new AgentAnswer(Kind.BUSY, null, "the agent is busy (429)", retryAfter);
      default ->
          new AgentAnswer(
              Kind.FAILED,
              null,
              "the agent answered " + status + ": " + detail(response.body()),
              retryAfter);
    };
  }

  /** A request that got no answer at all. */
  static AgentAnswer of(Throwable failure) {
    Throwable cause =
        failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    String reason =
        cause instanceof HttpTimeoutException
            ? "no answer in time: " + cause.getMessage()
            : "the agent is unreachable: " + cause;
    return new AgentAnswer(Kind.FAILED, null, reason, null);
  }

  private static AgentAnswer reply(String body, TaskEnvelope task) {
    ReplyEnvelope reply;
    try {
      reply = ReplyEnvelope.fromFields(JSON.readValue(body, STRINGS));
    } catch (JsonProcessingException e) {
      return rejected("the agent's answer is not a JSON object of strings");
    } catch (MalformedEnvelopeException e) {
      return rejected("the agent's answer is not a reply: " + e.getMessage());
    }
    if (!task.taskId().equals(reply.taskId())
        || !task.dispatchId().equals(reply.dispatchId())
        || !task.workflowId().equals(reply.workflowId())
        || !Objects.equals(task.token(), reply.token())) {
      return rejected("the agent's reply does not answer this task (its ids or token differ)");
    }
    return new AgentAnswer(Kind.REPLY, reply, null, null);
  }

  private static AgentAnswer rejected(String reason) {
    return new AgentAnswer(Kind.REJECTED, null, reason, null);
  }

  /** The problem's {@code detail}, or the body itself when it is not a problem. */
  private static String detail(String body) {
    try {
      JsonNode problem = JSON.readTree(body);
      if (problem != null && problem.hasNonNull("detail")) {
        return problem.get("detail").asText();
      }
    } catch (JsonProcessingException e) {
      // Not JSON: the body speaks for itself.
    }
    String text = body == null ? "" : body.strip();
    return text.length() > 200 ? text.substring(0, 200) + "…" : text;
  }

  /** RFC 9110's {@code Retry-After}: delay seconds or an HTTP date. */
  static Optional<Duration> retryAfter(HttpResponse<?> response) {
    return response.headers().firstValue("Retry-After").flatMap(AgentAnswer::parseRetryAfter);
  }

  static Optional<Duration> parseRetryAfter(String value) {
    String text = value.strip();
    if (text.matches("[0-9]{1,9}")) {
      return Optional.of(Duration.ofSeconds(Long.parseLong(text)));
    }
    try {
      Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration wait = Duration.between(Instant.now(), at);
      return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
