package dev.chorus.gateway;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisStreamCommands;
import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Opens runs' live streams as Server-Sent Events: checks the run exists and the caller's allowance
 * ({@link StreamSlots}), then follows the run's live stream ({@link LiveReader}) on a thread of the
 * stream's own, writing each entry as it is read. A running run's clients on this instance share
 * one reading of Redis, its {@link RunTail}; reads that do not block share one connection. A write
 * blocks while the client does not read, which holds back its next read (no entries pile up); a
 * client that stops reading altogether is cut off by the servlet container's write timeout.
 */
class RunStreams implements AutoCloseable {

  /** The run's status, throwing {@link NotFoundException} for an unknown run. */
  interface Statuses {
    String of(String runId);
  }

  private static final Logger log = LoggerFactory.getLogger(RunStreams.class);
  private static final Pattern ENTRY_ID = Pattern.compile("[0-9]{1,20}-[0-9]{1,20}");

  private final RedisStreamCommands<String, String> redis;
  private final Statuses statuses;
  private final LiveSettings settings;
  private final StreamSlots slots;
  private final ThreadPoolExecutor threads;
  private final LiveTails tails;

  /**
   * @param client connects each run's tail, whose XREAD BLOCK needs a connection of its own
   * @param shared the reads that do not block
   */
  RunStreams(
      RedisClient client,
      StatefulRedisConnection<String, String> shared,
      Statuses statuses,
      LiveSettings settings) {
    this.redis = shared.sync();
    this.statuses = statuses;
    this.settings = settings;
    this.slots = new StreamSlots(settings.streamsPerCaller(), settings.maxStreams());
    // A thread per admitted stream and per run they follow, never more; idle ones go after a
    // minute.
    this.threads =
        new ThreadPoolExecutor(
            0,
            2 * settings.maxStreams(),
            1,
            TimeUnit.MINUTES,
            new SynchronousQueue<>(),
            runnable -> {
              Thread thread = new Thread(runnable, "chorus-live-stream");
              thread.setDaemon(true);
              return thread;
            });
    this.tails = new LiveTails(client, threads, settings);
  }

  /**
   * The stream of {@code runId} from the entry after {@code lastEventId} (from its start when
   * null), for {@code caller}.
   */
  SseEmitter open(String runId, String caller, String lastEventId) {
    Ids.requireRun("runId", runId);
    if (lastEventId != null && !ENTRY_ID.matcher(lastEventId).matches()) {
      throw new InvalidRequestException(
          "Last-Event-ID",
          "must be the id of an event of this stream, like 1700000000000-0, but was '"
              + lastEventId
              + "'");
    }
    LiveTails.Lease lease = tails.join(runId);
    StreamSlots.Slot slot = null;
    try {
      String status = lease.tail().status(() -> statuses.of(runId));
      String endedAs = RunStatuses.OPEN.contains(status) ? null : status;
      slot = slots.acquire(caller);
      // No timeout of the container's: the stream ends itself (see LiveReader).
      SseEmitter emitter = new SseEmitter(0L);
      StreamSlots.Slot held = slot;
      threads.execute(() -> serve(runId, lastEventId, endedAs, emitter, held, lease));
      return emitter;
    } catch (RuntimeException e) {
      if (slot != null) {
        slot.close();
      }
      lease.close();
      if (e instanceof RejectedExecutionException) {
        throw new StreamSlots.Full("no thread is free for another live stream; try again later");
      }
      throw e;
    }
  }

  private void serve(
      String runId,
      String lastEventId,
      String endedAs,
      SseEmitter emitter,
      StreamSlots.Slot slot,
      LiveTails.Lease lease) {
    try (slot;
        lease) {
      new LiveReader(redis, settings, Clock.systemUTC())
          .follow(
              runId, lastEventId, endedAs, endedAs == null ? lease.tail() : null, sink(emitter));
      emitter.complete();
    } catch (IOException clientGone) {
      log.debug("live stream of {} ended by its client: {}", runId, clientGone.getMessage());
      emitter.completeWithError(clientGone);
    } catch (RedisException e) {
      log.warn("live stream of {} lost Redis: {}", runId, e.getMessage());
      try {
        sink(emitter)
            .event(
                null,
                LiveReader.STREAM_CLOSED,
                "{\"reason\":\"unavailable\",\"detail\":\"Redis could not be read; reconnect with"
                    + " Last-Event-ID to go on\"}");
        emitter.complete();
      } catch (IOException clientGone) {
        emitter.completeWithError(clientGone);
      }
    } catch (RuntimeException e) {
      log.error("live stream of {} failed", runId, e);
      emitter.completeWithError(e);
    }
  }

  private static LiveReader.Sink sink(SseEmitter emitter) {
    return new LiveReader.Sink() {
      @Override
      public void event(String id, String type, String data) throws IOException {
        SseEmitter.SseEventBuilder event = SseEmitter.event().name(type).data(data);
        send(id == null ? event : event.id(id));
      }

      @Override
      public void comment(String text) throws IOException {
        send(SseEmitter.event().comment(text));
      }

      // The container completes the emitter itself once it sees the client go (an error on the
      // connection); a send after that is the client gone too, not a failure of the stream's.
      private void send(SseEmitter.SseEventBuilder event) throws IOException {
        try {
          emitter.send(event);
        } catch (IllegalStateException completed) {
          throw new IOException("the response has completed: " + completed.getMessage(), completed);
        }
      }
    };
  }

  /** Streams open now. */
  int open() {
    return slots.open();
  }

  /** Running runs followed now, each with its own tail. */
  int followedRuns() {
    return tails.size();
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }
}
