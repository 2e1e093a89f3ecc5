package dev.chorus.bridge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chorus.pipeline.AgentReply;
import dev.chorus.protocol.DeadLetter;
import dev.chorus.protocol.DeadLetters;
import dev.chorus.protocol.MalformedEnvelopeException;
import dev.chorus.protocol.ReplyChecks;
import dev.chorus.protocol.ReplyEnvelope;
import dev.chorus.protocol.RetryAfter;
import dev.chorus.protocol.Streams;
import dev.chorus.protocol.TraceParent;
import io.lettuce.core.Consumer;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.sync.RedisStreamCommands;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Reads agents' replies with XREADGROUP in the bridge's consumer group and signals each into its
 * workflow. A reply is acknowledged (XACK) only once its run has it, or once it is known that no
 * run ever will (the run has ended; or the entry broke its schema, or could not be signalled for a
 * reason of its own, see {@link SignalFailure}, and was dead-lettered), so a crash of the bridge or
 * an unreachable Temporal loses nothing: the entry stays pending and is read again. Each signal is
 * a span continuing the trace of the reply's {@code traceparent}; Temporal's tracing interceptor
 * carries it on into the workflow. Settled replies are counted by status ({@code
 * chorus_replies_total}).
 *
 * <p>No reply reaches a run unless it is within the size limit (checked before anything is parsed)
 * and carries the token of the dispatch it answers ({@link ReplyChecks}); any other is
 * dead-lettered with the reason and the run is not touched, so a process that can write to the
 * reply stream cannot answer, fail or swell a run it was never sent a task of.
 *
 * <p>Replies are settled one by one or several at once ({@link
 * BridgeSettings#signalConcurrency()}), and either way alike: a Redis failure leaves the replies of
 * the read pending and the listener reads them again after a pause; anything else settling does not
 * handle ends {@link #run()} with it, the replies still pending for the next start, rather than
 * being swallowed and retried unseen.
 */
public class ReplyListener implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(ReplyListener.class);
  private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {};

  private final RedisStreamCommands<String, String> redis;
  private final ReplySignaller signaller;
  private final ObjectMapper json;
  private final ReplyChecks checks;
  private final BridgeSettings settings;
  private final Tracer tracer;
  private final MeterRegistry meters;
  private volatile boolean running = true;

  public ReplyListener(
      RedisStreamCommands<String, String> redis,
      ReplySignaller signaller,
      ObjectMapper json,
      ReplyChecks checks,
      BridgeSettings settings,
      Tracer tracer,
      MeterRegistry meters) {
    this.checks = checks;
    this.tracer = tracer;
    this.meters = meters;
    this.redis = redis;
    this.signaller = signaller;
    this.json = json;
    this.settings = settings;
  }

  @Override
  public void run() {
    // A signal is one round trip to Temporal; with several in flight the bridge keeps up with many
    // runs instead of being bound by that latency.
    ExecutorService signals =
        Executors.newFixedThreadPool(
            settings.signalConcurrency(),
            runnable -> {
              Thread thread = new Thread(runnable, "chorus-bridge-signal");
              thread.setDaemon(true);
              return thread;
            });
    try {
      readLoop(signals);
    } finally {
      signals.shutdownNow();
    }
  }

  private void readLoop(ExecutorService signals) {
    new GroupReadLoop(
            redis,
            Streams.REPLIES,
            Consumer.from(Streams.BRIDGE_GROUP, settings.consumerName()),
            XReadArgs.Builder.count(settings.readBatch()).block(settings.readBlock()),
            log)
        .run(() -> running, messages -> settleAll(messages, signals));
  }

  public void stop() {
    running = false;
  }

  /**
   * Settles a read's replies, up to {@link BridgeSettings#signalConcurrency()} at once. A run
   * applies each reply to the step whose task it names and the first of duplicates wins, so replies
   * of one read (even several for one run, from parallel steps) do not depend on each other's
   * order.
   */
  private boolean settleAll(List<StreamMessage<String, String>> messages, ExecutorService signals) {
    if (settings.signalConcurrency() == 1 || messages.size() < 2) {
      return messages.stream().allMatch(this::settle);
    }
    List<CompletableFuture<Boolean>> settled =
        messages.stream()
            .map(message -> CompletableFuture.supplyAsync(() -> settle(message), signals))
            .toList();
    try {
      return settled.stream().map(CompletableFuture::join).reduce(true, Boolean::logicalAnd);
    } catch (CompletionException e) {
      // Thrown on as the sequential path throws it, so both end the same way (see the class
      // comment).
      throw rethrown(e.getCause());
    }
  }

  private static RuntimeException rethrown(Throwable cause) {
    if (cause instanceof Error error) {
      throw error;
    }
    return cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
  }

  /** Delivers one reply; true when it is settled for good and has been acknowledged. */
  boolean settle(StreamMessage<String, String> message) {
    Map<String, String> fields = message.getBody();
    Optional<String> oversized = checks.oversized(fields);
    if (oversized.isPresent()) {
      deadLetter(message, ReplyChecks.abridged(fields), oversized.get());
      return true;
    }
    Optional<String> forged = checks.tokenProblem(fields);
    ReplyEnvelope envelope;
    try {
      envelope = ReplyEnvelope.fromFields(fields);
    } catch (MalformedEnvelopeException e) {
      if (forged.isPresent()) {
        deadLetter(message, e.getMessage() + "; " + forged.get());
        return true;
      }
      return reject(message, e.getMessage());
    }
    if (forged.isPresent()) {
      deadLetter(message, forged.get());
      return true;
    }
    Span span =
        tracer
            .spanBuilder("signal reply")
            .setParent(TraceParent.parent(envelope.traceparent()))
            .setSpanKind(SpanKind.CONSUMER)
            .setAttribute("chorus.run_id", envelope.workflowId())
            .setAttribute("chorus.agent_id", envelope.agentId())
            .setAttribute("messaging.destination.name", Streams.REPLIES)
            .startSpan();
    // The MDC keys Spring Boot's log formats read, so the bridge's log lines about a reply lead to
    // its trace and run.
    try (Scope ignored = span.makeCurrent();
        var traceId = MDC.putCloseable("traceId", span.getSpanContext().getTraceId());
        var spanId = MDC.putCloseable("spanId", span.getSpanContext().getSpanId());
        var runId = MDC.putCloseable("runId", envelope.workflowId());
        var taskId = MDC.putCloseable("taskId", envelope.taskId())) {
      Optional<SignalFailure> failure = deliver(envelope);
      if (failure.isPresent()) {
        span.setStatus(StatusCode.ERROR, failure.get().reason());
        if (failure.get().temporalAway()) {
          return false;
        }
        deadLetter(message, failure.get().reason());
        return true;
      }
      acknowledge(message);
      meters.counter("chorus.replies", "status", envelope.ok() ? "ok" : "error").increment();
      log.debug(
          "signalled the reply of task {} from {} into run {}",
          envelope.taskId(),
          envelope.agentId(),
          envelope.workflowId());
      return true;
    } finally {
      span.end();
    }
  }

  /**
   * A reply that breaks its schema but carries its dispatch's token is dead-lettered, and its run
   * is told at once: another dispatch may find a better-behaved agent, so the notice is retryable.
   */
  private boolean reject(StreamMessage<String, String> message, String reason) {
    var notice =
        ReplyEnvelope.deadLettered(message.getBody(), settings.consumerName(), reason, true);
    if (notice.isPresent()
        && deliver(notice.get()).filter(SignalFailure::temporalAway).isPresent()) {
      return false;
    }
    deadLetter(message, reason);
    return true;
  }

  /**
   * Keeps the reply in the dead letters with the reason, for an operator to re-drive or discard,
   * and acknowledges it.
   */
  private void deadLetter(StreamMessage<String, String> message, String reason) {
    deadLetter(message, message.getBody(), reason);
  }

  private void deadLetter(
      StreamMessage<String, String> message, Map<String, String> kept, String reason) {
    DeadLetters.add(
        redis,
        Streams.DEAD_REPLIES,
        new DeadLetter(
            null, Streams.REPLIES, message.getId(), reason, settings.consumerName(), 1, kept));
    log.warn("dead-lettered reply {}: {}", message.getId(), reason);
    meters.counter("chorus.replies", "status", "dead_lettered").increment();
    acknowledge(message);
  }

  /**
   * Signals the reply into its run. A run that has ended (or never existed) will never want it, so
   * it counts as delivered and is dropped; any failure says whether to try again or give up on it.
   */
  private Optional<SignalFailure> deliver(ReplyEnvelope envelope) {
    try {
      if (signaller.deliver(envelope.workflowId(), toReply(envelope))
          == ReplySignaller.Outcome.NO_SUCH_RUN) {
        log.info(
            "reply for task {} arrived after run {} ended; dropped",
            envelope.taskId(),
            envelope.workflowId());
      }
      return Optional.empty();
    } catch (RuntimeException e) {
      SignalFailure failure = SignalFailure.of(e);
      if (failure.temporalAway()) {
        log.warn(
            "could not signal run {}, will retry: {}", envelope.workflowId(), failure.reason());
      } else {
        log.error(
            "the reply of task {} cannot be signalled into run {}",
            envelope.taskId(),
            envelope.workflowId(),
            e);
      }
      return Optional.of(failure);
    }
  }

  private AgentReply toReply(ReplyEnvelope envelope) {
    Map<String, Object> output;
    try {
      output = envelope.ok() ? json.readValue(envelope.output(), JSON_OBJECT) : null;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the reply schema admits only JSON objects as output", e);
    }
    return new AgentReply(
        envelope.taskId(),
        envelope.dispatchId(),
        envelope.agentId(),
        envelope.ok(),
        output,
        envelope.error(),
        envelope.retryable(),
        // Read now: a duration counts from when the reply is read, a moment after it was written.
        envelope.retryAfter() == null
            ? null
            : RetryAfter.notBefore(envelope.retryAfter(), System.currentTimeMillis()),
        envelope.pauseCapability());
  }

  private void acknowledge(StreamMessage<String, String> message) {
    redis.xack(Streams.REPLIES, Streams.BRIDGE_GROUP, message.getId());
  }
}
