package dev.chorus.push;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chorus.agent.AgentLease;
import dev.chorus.protocol.AgentRegistration;
import dev.chorus.protocol.DeadLetter;
import dev.chorus.protocol.DeadLetters;
import dev.chorus.protocol.MalformedEnvelopeException;
import dev.chorus.protocol.ReplyEnvelope;
import dev.chorus.protocol.StreamGroups;
import dev.chorus.protocol.Streams;
import dev.chorus.protocol.TaskEnvelope;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XClaimArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one capability's tasks to its HTTP agent (docs/agent-protocol.md, "Push mode"): reads
 * the task stream in {@link Streams#AGENT_GROUP} as the agent's consumer, posts each task, writes
 * the agent's reply to the reply stream the task names and only then acknowledges, so a crash
 * anywhere repeats a delivery rather than losing one. At most {@link PushEndpoint#maxInFlight()}
 * tasks are in hand at once, however many wait on the stream. A busy agent (429) and a failing one
 * (5xx, no connection, no answer in time) get the task again after a back-off that honours {@code
 * Retry-After}; after {@link DeliverySettings#maxAttempts()} failures, or at once for a task the
 * agent refuses (422), the task goes to the dead letters and its run is told. Holds the agent's
 * registration ({@link AgentLease}), which the agent, using no Redis, cannot.
 */
public final class PushDeliverer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PushDeliverer.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PushEndpoint endpoint;
  private final DeliverySettings settings;
  private final String stream;
  // Blocking reads get their own connection, so replies are not queued behind an XREADGROUP.
  private final StatefulRedisConnection<String, String> readConnection;
  private final StatefulRedisConnection<String, String> writeConnection;
  private final AgentLease lease;
  private final ExecutorService httpThreads;
  private final HttpClient http;
  private final ScheduledExecutorService timers;
  private final Semaphore freeSlots;
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
  private final Thread reader;
  private final MeterRegistry meters;
  private final Timer deliveries;
  private final AtomicBoolean answeredOnce = new AtomicBoolean();
  private volatile boolean running = true;

  private PushDeliverer(
      RedisClient redis, PushEndpoint endpoint, DeliverySettings settings, MeterRegistry meters) {
    this.endpoint = endpoint;
    this.settings = settings;
    AgentRegistration registration = endpoint.registration();
    this.stream = Streams.tasks(endpoint.capability(), registration.major());
    this.readConnection = redis.connect();
    this.writeConnection = redis.connect();
    this.lease =
        new AgentLease(
            redis.connect(), registration, Map.of(), settings.lease(), Clock.systemUTC());
    this.httpThreads =
        Executors.newCachedThreadPool(
            r -> new Thread(r, "chorus-push-http-" + endpoint.capability()));
    this.http =
        HttpClient.newBuilder()
            // The SDKs' servers speak HTTP/1.1; an upgrade attempt would only cost a round trip.
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(settings.requestTimeout())
            .executor(httpThreads)
            .build();
    this.timers =
        Executors.newSingleThreadScheduledExecutor(
            r -> new Thread(r, "chorus-push-timers-" + endpoint.capability()));
    this.freeSlots = new Semaphore(endpoint.maxInFlight());
    this.reader = new Thread(this::readLoop, "chorus-push-" + endpoint.capability());
    this.meters = meters;
    this.deliveries =
        Timer.builder("chorus.push.delivery")
            .description("from a task's first request to its reply written, back-offs included")
            .tag("capability", endpoint.capability())
            .register(meters);
    meters.gauge(
        "chorus.push.in.flight",
        List.of(io.micrometer.core.instrument.Tag.of("capability", endpoint.capability())),
        inFlight,
        Set::size);
  }

  /** Joins the capability's consumer group, registers the agent and starts delivering. */
  public static PushDeliverer start(
      RedisClient redis, PushEndpoint endpoint, DeliverySettings settings, MeterRegistry meters) {
    PushDeliverer deliverer = new PushDeliverer(redis, endpoint, settings, meters);
    StreamGroups.ensure(deliverer.writeConnection.sync(), deliverer.stream, Streams.AGENT_GROUP);
    deliverer.reader.start();
    long touch = settings.touchInterval().toMillis();
    deliverer.timers.scheduleWithFixedDelay(
        deliverer::touchInFlight, touch, touch, TimeUnit.MILLISECONDS);
    deliverer.lease.start(settings.heartbeat());
    log.info(
        "push delivery ready: capability={} stream={} endpoint={} maxInFlight={} id={}",
        endpoint.capability(),
        deliverer.stream,
        endpoint.url(),
        endpoint.maxInFlight(),
        endpoint.agentId());
    return deliverer;
  }

  private void readLoop() {
    Consumer<String> me = Consumer.from(Streams.AGENT_GROUP, endpoint.agentId());
    // Tasks this consumer held before a restart come first, paged by an explicit cursor as the
    // SDK's runner does: re-reading from 0 would hand out again the ones still in hand.
    String pendingCursor = "0";
    while (running) {
      int slots = 0;
      try {
        freeSlots.acquire();
        slots = 1 + freeSlots.drainPermits();
        if (!running) {
          return;
        }
        StreamOffset<String> from =
            pendingCursor != null
                ? StreamOffset.from(stream, pendingCursor)
                : StreamOffset.lastConsumed(stream);
        List<StreamMessage<String, String>> tasks =
            readConnection
                .sync()
                .xreadgroup(me, XReadArgs.Builder.count(slots).block(settings.readBlock()), from);
        if (pendingCursor != null) {
          pendingCursor = tasks.isEmpty() ? null : tasks.get(tasks.size() - 1).getId();
        }
        for (StreamMessage<String, String> task : tasks) {
          slots--;
          inFlight.add(task.getId());
          httpThreads.execute(() -> deliver(task));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RedisException e) {
        if (running && StreamGroups.noGroup(e)) {
          log.warn(
              "consumer group {} of {} is gone; creating it again", Streams.AGENT_GROUP, stream);
          ensureGroupQuietly();
        } else if (running) {
          log.warn("reading {} failed, retrying: {}", stream, e.getMessage());
          pause();
        }
      } finally {
        freeSlots.release(slots);
      }
    }
  }

  private void deliver(StreamMessage<String, String> message) {
    Map<String, String> fields = message.getBody();
    try {
      if (fields == null || fields.isEmpty()) {
        // Deleted from the stream while pending: nothing to deliver.
        acknowledge(message);
        finish(message);
        return;
      }
      TaskEnvelope task;
      try {
        task = TaskEnvelope.fromFields(fields);
      } catch (MalformedEnvelopeException e) {
        deadLetter(message, e.getMessage(), 1, false);
        finish(message);
        return;
      }
      attempt(message, task, 0, System.nanoTime());
    } catch (RuntimeException e) {
      abandon(message, e);
    }
  }

  /** A request after a wait, on an HTTP thread; whatever goes wrong must give the slot back. */
  private void attemptAgain(
      StreamMessage<String, String> message, TaskEnvelope task, int failures, long since) {
    try {
      attempt(message, task, failures, since);
    } catch (RuntimeException e) {
      abandon(message, e);
    }
  }

  /** One request; {@code failures} before it, the first of them at {@code since}. */
  private void attempt(
      StreamMessage<String, String> message, TaskEnvelope task, int failures, long since) {
    long left = task.deadlineMillis() - System.currentTimeMillis();
    if (left <= 0) {
      // The run stopped waiting for this dispatch and has dispatched the task again.
      log.info("dropped expired task {} (attempt {})", task.taskId(), task.attempt());
      try {
        acknowledge(message);
      } catch (RedisException e) {
        log.warn("could not acknowledge expired task {}: {}", message.getId(), e.getMessage());
      }
      finish(message);
      return;
    }
    HttpRequest request;
    try {
      Duration timeout = settings.requestTimeout();
      request =
          HttpRequest.newBuilder(endpoint.url())
              .timeout(timeout.toMillis() < left ? timeout : Duration.ofMillis(left))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(message.getBody())))
              .build();
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    // On the deliverer's own threads: the reply is written with blocking Redis commands, which
    // must not hold up the client's I/O.
    http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .whenCompleteAsync(
            (response, error) -> {
              AgentAnswer answer =
                  error != null ? AgentAnswer.of(error) : AgentAnswer.of(response, task);
              try {
                answered(message, task, failures, since, answer);
              } catch (RuntimeException e) {
                abandon(message, e);
              }
            },
            httpThreads);
  }

  private void answered(
      StreamMessage<String, String> message,
      TaskEnvelope task,
      int failures,
      long since,
      AgentAnswer answer) {
    meters
        .counter(
            "chorus.push.requests",
            "capability",
            endpoint.capability(),
            "outcome",
            answer.outcome())
        .increment();
    switch (answer.kind()) {
      case REPLY -> {
        writeConnection.sync().xadd(task.replyTo(), answer.reply().toFields());
        acknowledge(message);
        long took = System.nanoTime() - since;
        deliveries.record(took, TimeUnit.NANOSECONDS);
        if (answeredOnce.compareAndSet(false, true) || failures > 0) {
          // A cold start (an agent scaled from zero, or starting again) shows here, and in the
          // step's latency, which counts from the dispatch.
          log.info(
              "{} answered task {} {} ms after its first request, {} failed before",
              endpoint.url(),
              task.taskId(),
              TimeUnit.NANOSECONDS.toMillis(took),
              failures);
        }
        finish(message);
      }
      case REJECTED -> {
        deadLetter(message, answer.reason(), task.delivery(), false);
        finish(message);
      }
      case BUSY -> retryLater(message, task, failures, since, answer, settings.backoff(1));
      case FAILED -> {
        int failed = failures + 1;
        if (failed >= settings.maxAttempts()) {
          deadLetter(
              message,
              "pushed "
                  + failed
                  + " times to "
                  + endpoint.url()
                  + " without an answer; last: "
                  + answer.reason(),
              task.delivery(),
              true);
          finish(message);
        } else {
          log.debug("task {} to {}: {}", task.taskId(), endpoint.url(), answer.reason());
          retryLater(message, task, failed, since, answer, settings.backoff(failed));
        }
      }
    }
  }

  /** The slot stays taken meanwhile: an agent that cannot keep up gets no more tasks. */
  private void retryLater(
      StreamMessage<String, String> message,
      TaskEnvelope task,
      int failures,
      long since,
      AgentAnswer answer,
      Duration backoff) {
    Duration wait = answer.retryAfter() != null ? answer.retryAfter() : backoff;
    timers.schedule(
        () -> httpThreads.execute(() -> attemptAgain(message, task, failures, since)),
        wait.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /**
   * To the capability's dead letters, its run told at once, as the SDK's runner does with a
   * malformed task. Retryable when the agent failed rather than refused: the step's retry policy
   * decides whether another dispatch is worth it.
   */
  private void deadLetter(
      StreamMessage<String, String> message, String reason, int deliveries, boolean retryable) {
    RedisCommands<String, String> redis = writeConnection.sync();
    Map<String, String> fields = message.getBody();
    DeadLetters.add(
        redis,
        Streams.deadTasks(endpoint.capability()),
        new DeadLetter(
            null, stream, message.getId(), reason, endpoint.agentId(), deliveries, fields));
    ReplyEnvelope.deadLettered(fields, endpoint.agentId(), reason, retryable)
        .ifPresent(notice -> redis.xadd(Streams.noticeStream(fields), notice.toFields()));
    acknowledge(message);
    meters.counter("chorus.dead.lettered.tasks", "capability", endpoint.capability()).increment();
    log.warn("dead-lettered task {} of {}: {}", message.getId(), stream, reason);
  }

  /**
   * Redis failed us: the task stays pending and untouched, so the reclaimer hands it on once it has
   * been idle long enough.
   */
  private void abandon(StreamMessage<String, String> message, RuntimeException e) {
    log.warn("could not deliver task {} of {}: {}", message.getId(), stream, e.toString());
    finish(message);
  }

  private void finish(StreamMessage<String, String> message) {
    if (inFlight.remove(message.getId())) {
      freeSlots.release();
    }
  }

  private void acknowledge(StreamMessage<String, String> message) {
    writeConnection.sync().xack(stream, Streams.AGENT_GROUP, message.getId());
  }

  /** Resets the idle time of the tasks in hand, requests and back-offs alike. */
  private void touchInFlight() {
    if (inFlight.isEmpty()) {
      return;
    }
    try {
      writeConnection
          .sync()
          .xclaim(
              stream,
              Consumer.from(Streams.AGENT_GROUP, endpoint.agentId()),
              XClaimArgs.Builder.justid().minIdleTime(0),
              inFlight.toArray(String[]::new));
    } catch (RedisException e) {
      log.warn("could not touch tasks in hand: {}", e.getMessage());
    }
  }

  private void ensureGroupQuietly() {
    try {
      StreamGroups.ensure(readConnection.sync(), stream, Streams.AGENT_GROUP);
    } catch (RedisException e) {
      log.warn("could not create consumer group of {}, retrying: {}", stream, e.getMessage());
      pause();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Tasks in hand now: read, and not yet answered, refused or abandoned. */
  public int inFlight() {
    return inFlight.size();
  }

  /**
   * Reads nothing more, marks the agent draining, waits up to the drain timeout for the requests in
   * flight, then withdraws. What is still in hand stays pending for the reclaimer.
   */
  @Override
  public void close() {
    running = false;
    freeSlots.release();
    try {
      reader.join(settings.readBlock().toMillis() + 1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    lease.drain();
    long until = System.nanoTime() + settings.drainTimeout().toNanos();
    while (!inFlight.isEmpty() && System.nanoTime() < until) {
      pauseBriefly();
    }
    timers.shutdownNow();
    lease.close();
    httpThreads.shutdownNow();
    readConnection.close();
    writeConnection.close();
    log.info("push delivery stopped: {} ({} left in hand)", endpoint.agentId(), inFlight.size());
  }

  private static void pauseBriefly() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
