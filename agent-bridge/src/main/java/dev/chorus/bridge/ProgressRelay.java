package dev.chorus.bridge;

import dev.chorus.protocol.LiveStream;
import dev.chorus.protocol.MalformedEnvelopeException;
import dev.chorus.protocol.ProgressEnvelope;
import dev.chorus.protocol.ReplyChecks;
import dev.chorus.protocol.Streams;
import io.lettuce.core.Consumer;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies agents' progress and partial output from {@link Streams#PROGRESS} into each run's live
 * stream, read with XREADGROUP in the bridge's group. An entry is relayed only when it is within
 * the size limit (checked before anything is parsed), carries the dispatch token of the dispatch it
 * speaks for (checked exactly as replies are, {@link ReplyChecks#tokenProblem}), conforms to its
 * schema and is within its task's rate; any other is dropped with the reason logged and counted
 * ({@code chorus_progress_total} by outcome; the log says at most one a second). Dropped, not
 * dead-lettered: progress is a view of work under way, worth nothing once the run has moved on, and
 * a flood of forged entries must not fill the dead letters either.
 *
 * <p>An entry is acknowledged once it is relayed or dropped; a Redis failure leaves the read's
 * entries pending and they are read again, so an entry may reach the live stream twice, never not
 * at all while Redis keeps it.
 */
public class ProgressRelay implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(ProgressRelay.class);
  private static final long LOG_INTERVAL_NANOS = 1_000_000_000L;

  private final RedisCommands<String, String> redis;
  private final ReplyChecks checks;
  private final LiveStream live;
  private final ProgressSettings settings;
  private final TaskRates rates;
  private final MeterRegistry meters;
  private volatile boolean running = true;
  private long lastLogged = System.nanoTime() - LOG_INTERVAL_NANOS;
  private long unlogged;

  public ProgressRelay(
      RedisCommands<String, String> redis,
      ReplyChecks checks,
      LiveStream live,
      ProgressSettings settings,
      MeterRegistry meters) {
    this.redis = redis;
    this.checks = checks;
    this.live = live;
    this.settings = settings;
    this.meters = meters;
    this.rates = new TaskRates(settings.ratePerSecond(), settings.burst(), System::nanoTime);
  }

  @Override
  public void run() {
    new GroupReadLoop(
            redis,
            Streams.PROGRESS,
            Consumer.from(Streams.BRIDGE_GROUP, settings.consumerName()),
            XReadArgs.Builder.count(settings.readBatch()).block(settings.readBlock()),
            log)
        .run(
            () -> running,
            messages -> {
              messages.forEach(this::relay);
              return true;
            });
  }

  public void stop() {
    running = false;
  }

  /** Relays or drops one entry, then acknowledges it. */
  void relay(StreamMessage<String, String> message) {
    Optional<String> refused = refusal(message.getBody());
    if (refused.isPresent()) {
      long now = System.nanoTime();
      // At most one line a second: a flood of bad entries must not become a flood of log lines.
      if (now - lastLogged >= LOG_INTERVAL_NANOS) {
        log.warn(
            "dropped progress entry {}: {}{}",
            message.getId(),
            refused.get(),
            unlogged == 0 ? "" : " (and " + unlogged + " more dropped since the last line)");
        lastLogged = now;
        unlogged = 0;
      } else {
        unlogged++;
      }
    }
    redis.xack(Streams.PROGRESS, Streams.BRIDGE_GROUP, message.getId());
  }

  /** Why the entry is dropped; empty once it has been appended to its run's live stream. */
  private Optional<String> refusal(Map<String, String> fields) {
    long size = ReplyChecks.entryBytes(fields);
    if (size > settings.maxEntryBytes()) {
      return dropped(
          "oversized",
          "progress entry of "
              + size
              + " bytes is over the limit of "
              + settings.maxEntryBytes()
              + " bytes (chorus.live.max-entry-bytes)");
    }
    Optional<String> forged = checks.tokenProblem(fields);
    if (forged.isPresent()) {
      return dropped("forged", forged.get());
    }
    ProgressEnvelope progress;
    try {
      progress = ProgressEnvelope.fromFields(fields);
    } catch (MalformedEnvelopeException e) {
      return dropped("malformed", e.getMessage());
    }
    if (!rates.tryTake(progress.taskId())) {
      return dropped(
          "rate_limited",
          "task "
              + progress.taskId()
              + " sent more than "
              + settings.burst()
              + " entries at once or "
              + settings.ratePerSecond()
              + " a second (chorus.live.rate, chorus.live.burst)");
    }
    live.append(progress.workflowId(), LiveStream.entryOf(progress));
    meters.counter("chorus.progress", "outcome", "relayed").increment();
    return Optional.empty();
  }

  private Optional<String> dropped(String outcome, String reason) {
    meters.counter("chorus.progress", "outcome", outcome).increment();
    return Optional.of(reason);
  }
}
