package dev.chorus.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chorus.protocol.AgentRegistration;
import dev.chorus.protocol.DeadLetter;
import dev.chorus.protocol.DeadLetters;
import dev.chorus.protocol.MalformedEnvelopeException;
import dev.chorus.protocol.RedisReconnects;
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
import io.lettuce.core.resource.ClientResources;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an {@link Agent} against its capability's task stream: XREADGROUP in the {@link
 * Streams#AGENT_GROUP} group, work, XADD the reply to the task's reply stream, then XACK. The reply
 * is written before the acknowledgement, so a crash between the two repeats the work rather than
 * losing it. At most {@link AgentSettings#concurrency()} tasks are in hand at once: no more are
 * read until one finishes. Its {@link AgentLease} keeps it in the registry while it runs.
 */
public final class AgentRunner implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AgentRunner.class);

  private final Agent agent;
  private final AgentSettings settings;
  private final String stream;
  private final ClientResources resources;
  private final RedisClient client;
  // Blocking reads get their own connection: Lettuce queues commands on a connection, so a blocked
  // XREADGROUP would hold back every reply written on the same one.
  private final StatefulRedisConnection<String, String> readConnection;
  private final StatefulRedisConnection<String, String> writeConnection;
  private final TaskWork work;
  private final Semaphore freeSlots;
  private final ExecutorService workers;
  private final Thread reader;
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService toucher = Executors.newSingleThreadScheduledExecutor();
  private final AgentLease lease;
  private volatile boolean running = true;

  private AgentRunner(Agent agent, AgentSettings settings) {
    this.agent = agent;
    this.settings = settings;
    AgentRegistration registration =
        new AgentRegistration(
            settings.agentId(),
            agent.capability(),
            agent.version(),
            settings.concurrency(),
            settings.labels(),
            false);
    // Checked before connecting, so a schema the registry would ignore stops the start cleanly.
    Map<String, String> schemas = AgentSchemas.fields(agent);
    this.stream = Streams.tasks(agent.capability(), registration.major());
    this.resources = RedisReconnects.clientResources();
    this.client = RedisClient.create(resources, settings.redisUri());
    this.readConnection = client.connect();
    this.writeConnection = client.connect();
    this.work =
        new TaskWork(agent, settings.agentId(), new ObjectMapper(), AgentTelemetry.tracer(agent));
    this.freeSlots = new Semaphore(settings.concurrency());
    this.workers = Executors.newFixedThreadPool(settings.concurrency());
    this.reader = new Thread(this::readLoop, "agent-" + agent.capability());
    this.lease =
        new AgentLease(
            client.connect(), registration, schemas, settings.lease(), Clock.systemUTC());
  }

  /**
   * Connects, joins the consumer group of its capability's major, registers and starts taking
   * tasks.
   */
  public static AgentRunner start(Agent agent, AgentSettings settings) {
    AgentRunner runner = new AgentRunner(agent, settings);
    StreamGroups.ensure(runner.writeConnection.sync(), runner.stream, Streams.AGENT_GROUP);
    runner.reader.start();
    long touch = settings.touchInterval().toMillis();
    runner.toucher.scheduleWithFixedDelay(
        runner::touchInFlight, touch, touch, TimeUnit.MILLISECONDS);
    runner.lease.start(settings.heartbeat());
    log.info(
        "agent ready: capability={} version={} id={} stream={}",
        agent.capability(),
        agent.version(),
        settings.agentId(),
        runner.stream);
    return runner;
  }

  private void readLoop() {
    try {
      readUntilStopped();
    } finally {
      // The reader is the only one handing tasks to the workers, so it shuts them down after its
      // last
      // hand-over: however long a read outlasts close(), no task it read is refused.
      workers.shutdown();
    }
  }

  private void readUntilStopped() {
    Consumer<String> me = Consumer.from(Streams.AGENT_GROUP, settings.agentId());
    // Tasks this consumer took before a restart under the same id come first. They are paged with
    // an explicit cursor ("entries after this id"): re-reading from 0 would hand out again the ones
    // still being worked on, which are not acknowledged yet.
    String pendingCursor = "0";
    while (running) {
      int slots = 0;
      try {
        freeSlots.acquire();
        slots = 1 + freeSlots.drainPermits();
        if (!running) {
          // Draining began while it waited for a slot: no read may follow.
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
          // In hand from the moment it is read, so it is touched even while it waits for a worker.
          inFlight.add(task.getId());
          workers.execute(() -> performAndRelease(task));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RedisException e) {
        if (running && StreamGroups.noGroup(e)) {
          createGroupAgain();
        } else if (running) {
          log.warn("reading {} failed, retrying: {}", stream, e.getMessage());
          pause();
        }
      } finally {
        freeSlots.release(slots);
      }
    }
  }

  /**
   * The group went with its stream: without it no task added from now on would ever be read. Its
   * pending entries are gone too, so nothing is owed to anyone; the new group starts at the
   * stream's beginning, where the tasks added since are.
   */
  private void createGroupAgain() {
    log.warn("consumer group {} of {} is gone; creating it again", Streams.AGENT_GROUP, stream);
    try {
      StreamGroups.ensure(readConnection.sync(), stream, Streams.AGENT_GROUP);
    } catch (RedisException e) {
      log.warn(
          "could not create consumer group {} of {}, retrying: {}",
          Streams.AGENT_GROUP,
          stream,
          e.getMessage());
      pause();
    }
  }

  private void performAndRelease(StreamMessage<String, String> message) {
    try {
      perform(message);
    } catch (RedisException e) {
      // Left unacknowledged: the bridge hands it on once it has been idle long enough.
      log.warn("could not answer task {}: {}", message.getId(), e.getMessage());
    } finally {
      inFlight.remove(message.getId());
      freeSlots.release();
    }
  }

  private void perform(StreamMessage<String, String> message) {
    RedisCommands<String, String> redis = writeConnection.sync();
    TaskEnvelope task;
    try {
      task = TaskEnvelope.fromFields(message.getBody());
    } catch (MalformedEnvelopeException e) {
      rejectMalformed(redis, message, e.getMessage());
      return;
    }
    if (task.expiredAt(System.currentTimeMillis())) {
      // The run stopped waiting for this dispatch and has dispatched the task again.
      log.info("skipped expired task {} (attempt {})", task.taskId(), task.attempt());
      acknowledge(redis, message);
      return;
    }
    ReplyEnvelope reply = work.perform(task, new StreamProgress(redis, task, settings.agentId()));
    redis.xadd(task.replyTo(), reply.toFields());
    acknowledge(redis, message);
  }

  /**
   * A task that does not match its schema goes to the dead letters, and its run, when the entry
   * names one, is told at once rather than at its step's timeout. Sending the same task again
   * cannot help, so the notice is not retryable.
   */
  private void rejectMalformed(
      RedisCommands<String, String> redis, StreamMessage<String, String> message, String reason) {
    Map<String, String> fields = message.getBody();
    DeadLetters.add(
        redis,
        Streams.deadTasks(agent.capability()),
        new DeadLetter(null, stream, message.getId(), reason, settings.agentId(), 1, fields));
    log.warn("dead-lettered task {}: {}", message.getId(), reason);
    ReplyEnvelope.deadLettered(fields, settings.agentId(), reason, false)
        .ifPresent(notice -> redis.xadd(Streams.noticeStream(fields), notice.toFields()));
    acknowledge(redis, message);
  }

  private void acknowledge(
      RedisCommands<String, String> redis, StreamMessage<String, String> message) {
    redis.xack(stream, Streams.AGENT_GROUP, message.getId());
  }

  /**
   * Resets the idle time of the tasks in hand (XCLAIM to ourselves), so a slow but living agent is
   * not mistaken for a dead one whose tasks must be handed to another.
   */
  private void touchInFlight() {
    if (inFlight.isEmpty()) {
      return;
    }
    try {
      writeConnection
          .sync()
          .xclaim(
              stream,
              Consumer.from(Streams.AGENT_GROUP, settings.agentId()),
              XClaimArgs.Builder.justid().minIdleTime(0),
              inFlight.toArray(String[]::new));
    } catch (RedisException e) {
      log.warn("could not touch tasks in hand: {}", e.getMessage());
    }
  }

  private void pause() {
    try {
      Thread.sleep(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Takes nothing new but finishes what it has, and tells the registry so. Returns once the last
   * read is over, so no task reaches this agent afterwards.
   */
  public void drain() {
    running = false;
    // A reader waiting for a slot would otherwise wait for a task to finish; a spare permit wakes
    // it at
    // once to see that it must stop. Permits no longer count once the reader has stopped.
    freeSlots.release();
    joinReader();
    lease.drain();
    log.info("agent draining: {}", settings.agentId());
  }

  /**
   * Drains, lets the tasks in hand finish, then withdraws from the registry and disconnects. Until
   * the withdrawal the lease still runs, so a crash while finishing hands the unfinished tasks on.
   */
  @Override
  public void close() {
    drain();
    try {
      workers.awaitTermination(settings.drainTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // Touching stops only now: the tasks in hand were kept from the reclaimer until they were
    // answered.
    toucher.shutdownNow();
    lease.close();
    readConnection.close();
    writeConnection.close();
    client.shutdown();
    resources.shutdown();
    log.info("agent stopped: {}", settings.agentId());
  }

  private void joinReader() {
    try {
      reader.join(settings.readBlock().toMillis() + 1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public String agentId() {
    return settings.agentId();
  }

  public Agent agent() {
    return agent;
  }
}
