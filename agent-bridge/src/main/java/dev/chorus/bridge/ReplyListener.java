package dev.chorus.bridge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chorus.pipeline.AgentReply;
import dev.chorus.protocol.DeadLetters;
import dev.chorus.protocol.MalformedEnvelopeException;
import dev.chorus.protocol.ReplyEnvelope;
import dev.chorus.protocol.StreamGroups;
import dev.chorus.protocol.Streams;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.sync.RedisStreamCommands;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads agents' replies with XREADGROUP in the bridge's consumer group and signals each into its
 * workflow. A reply is acknowledged (XACK) only once its run has it, or once it is known that no run
 * ever will (the run has ended, or the entry is malformed and dead-lettered), so a crash of the bridge
 * or an unreachable Temporal loses nothing: the entry stays pending and is read again.
 */
public class ReplyListener implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(ReplyListener.class);
  private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {};
  private static final Duration MAX_PAUSE = Duration.ofSeconds(5);

  private final RedisStreamCommands<String, String> redis;
  private final ReplySignaller signaller;
  private final ObjectMapper json;
  private final BridgeSettings settings;
  private volatile boolean running = true;

  public ReplyListener(
      RedisStreamCommands<String, String> redis, ReplySignaller signaller, ObjectMapper json, BridgeSettings settings) {
    this.redis = redis;
    this.signaller = signaller;
    this.json = json;
    this.settings = settings;
  }

  @Override
  public void run() {
    // A signal is one round trip to Temporal; with several in flight the bridge keeps up with many
    // runs instead of being bound by that latency.
    ExecutorService signals = Executors.newFixedThreadPool(settings.signalConcurrency(), runnable -> {
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
    Consumer<String> me = Consumer.from(Streams.BRIDGE_GROUP, settings.consumerName());
    XReadArgs args = XReadArgs.Builder.count(settings.readBatch()).block(settings.readBlock());
    // Start with what was delivered to this consumer before a restart and never acknowledged.
    boolean readOwnPending = true;
    Duration pause = Duration.ZERO;
    while (running) {
      try {
        if (!pause.isZero()) {
          Thread.sleep(pause.toMillis());
        }
        StreamGroups.ensure(redis, Streams.REPLIES, Streams.BRIDGE_GROUP);
        StreamOffset<String> from =
            readOwnPending ? StreamOffset.from(Streams.REPLIES, "0") : StreamOffset.lastConsumed(Streams.REPLIES);
        List<StreamMessage<String, String>> messages = redis.xreadgroup(me, args, from);
        if (readOwnPending && messages.isEmpty()) {
          readOwnPending = false;
        }
        boolean allSettled = settleAll(messages, signals);
        // After a failure, go back to our pending entries so the unsettled one is tried again.
        readOwnPending |= !allSettled;
        pause = allSettled ? Duration.ZERO : longer(pause);
      } catch (RedisException e) {
        log.warn("reading {} failed, retrying: {}", Streams.REPLIES, e.getMessage());
        readOwnPending = true;
        pause = longer(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  public void stop() {
    running = false;
  }

  /**
   * Settles a read's replies, up to {@link BridgeSettings#signalConcurrency()} at once. One run has
   * at most one step waiting, so replies of one read do not depend on each other's order.
   */
  private boolean settleAll(List<StreamMessage<String, String>> messages, ExecutorService signals) {
    if (settings.signalConcurrency() == 1 || messages.size() < 2) {
      return messages.stream().allMatch(this::settle);
    }
    // A reply whose XACK failed (Redis away) counts as unsettled, as it would one by one: it stays
    // pending and is read again.
    List<CompletableFuture<Boolean>> settled = messages.stream()
        .map(message -> CompletableFuture.supplyAsync(() -> settle(message), signals).exceptionally(redisAway -> false))
        .toList();
    return settled.stream().map(CompletableFuture::join).reduce(true, Boolean::logicalAnd);
  }

  /** Delivers one reply; true when it is settled for good and has been acknowledged. */
  boolean settle(StreamMessage<String, String> message) {
    ReplyEnvelope envelope;
    AgentReply reply;
    try {
      envelope = ReplyEnvelope.fromFields(message.getBody());
      reply = toReply(envelope);
    } catch (MalformedEnvelopeException e) {
      return deadLetter(message, e.getMessage());
    } catch (JsonProcessingException e) {
      return deadLetter(message, "field 'output' is not a JSON object: " + e.getOriginalMessage());
    }
    try {
      ReplySignaller.Outcome outcome = signaller.deliver(envelope.workflowId(), reply);
      if (outcome == ReplySignaller.Outcome.NO_SUCH_RUN) {
        log.info("reply {} for task {} arrived after run {} ended; dropped", message.getId(), envelope.taskId(), envelope.workflowId());
      }
    } catch (RuntimeException temporalUnavailable) {
      log.warn("could not signal run {}, will retry: {}", envelope.workflowId(), temporalUnavailable.getMessage());
      return false;
    }
    acknowledge(message);
    return true;
  }

  private boolean deadLetter(StreamMessage<String, String> message, String reason) {
    DeadLetters.add(redis, Streams.REPLIES, message.getId(), message.getBody(), reason, settings.consumerName());
    log.warn("dead-lettered reply {}: {}", message.getId(), reason);
    acknowledge(message);
    return true;
  }

  private AgentReply toReply(ReplyEnvelope envelope) throws JsonProcessingException {
    Map<String, Object> output = envelope.ok() ? json.readValue(envelope.output(), JSON_OBJECT) : null;
    return new AgentReply(
        envelope.taskId(), envelope.dispatchId(), envelope.agentId(), envelope.ok(), output, envelope.error(), envelope.retryable());
  }

  private void acknowledge(StreamMessage<String, String> message) {
    redis.xack(Streams.REPLIES, Streams.BRIDGE_GROUP, message.getId());
  }

  private static Duration longer(Duration pause) {
    Duration next = pause.isZero() ? Duration.ofMillis(100) : pause.multipliedBy(2);
    return next.compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : next;
  }
}
