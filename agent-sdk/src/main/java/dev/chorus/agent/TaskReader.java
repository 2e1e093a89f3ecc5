package dev.chorus.agent;

import dev.chorus.protocol.StreamGroups;
import dev.chorus.protocol.Streams;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a capability's task stream as one consumer of the agents' group, never more tasks than it
 * has free slots: the tasks this consumer held before a restart under the same name first, then new
 * ones. Each task read takes a slot and goes to the {@link Handler}; whoever finishes it gives the
 * slot back with {@link #release()}. Both the SDK's {@link AgentRunner} and the push deliverer read
 * their tasks this way.
 */
public final class TaskReader {

  /** Takes one task just read; it must not block, and its slot is released once it is done. */
  public interface Handler {
    void take(StreamMessage<String, String> task);
  }

  private static final Logger log = LoggerFactory.getLogger(TaskReader.class);

  private final StatefulRedisConnection<String, String> connection;
  private final String stream;
  private final String consumer;
  private final Duration readBlock;
  private final Handler handler;
  private final Semaphore freeSlots;
  private volatile boolean running = true;

  /**
   * @param connection a connection of the reader's own: its XREADGROUP BLOCK holds it
   */
  public TaskReader(
      StatefulRedisConnection<String, String> connection,
      String stream,
      String consumer,
      int slots,
      Duration readBlock,
      Handler handler) {
    this.connection = connection;
    this.stream = stream;
    this.consumer = consumer;
    this.readBlock = readBlock;
    this.handler = handler;
    this.freeSlots = new Semaphore(slots);
  }

  /** Reads until {@link #stop()}; run it on a thread of its own. */
  public void run() {
    Consumer<String> me = Consumer.from(Streams.AGENT_GROUP, consumer);
    // Paged with an explicit cursor ("entries after this id"): re-reading pending entries from 0
    // would hand out again the ones still being worked on, which are not acknowledged yet.
    String pendingCursor = "0";
    while (running) {
      int slots = 0;
      try {
        freeSlots.acquire();
        slots = 1 + freeSlots.drainPermits();
        if (!running) {
          // Stopped while it waited for a slot: no read may follow.
          return;
        }
        StreamOffset<String> from =
            pendingCursor != null
                ? StreamOffset.from(stream, pendingCursor)
                : StreamOffset.lastConsumed(stream);
        List<StreamMessage<String, String>> tasks =
            connection.sync().xreadgroup(me, XReadArgs.Builder.count(slots).block(readBlock), from);
        if (pendingCursor != null) {
          pendingCursor = tasks.isEmpty() ? null : tasks.get(tasks.size() - 1).getId();
        }
        for (StreamMessage<String, String> task : tasks) {
          slots--;
          handler.take(task);
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

  /** Gives back the slot of a task that is done with. */
  public void release() {
    freeSlots.release();
  }

  /** Reads nothing more; a read in progress ends within the read block. */
  public void stop() {
    running = false;
    // A reader waiting for a slot would otherwise wait for a task to finish; a spare permit wakes
    // it at once to see that it must stop. Permits no longer count once it has stopped.
    freeSlots.release();
  }

  /**
   * The group went with its stream: without it no task added from now on would ever be read. Its
   * pending entries are gone too, so nothing is owed to anyone; the new group starts at the
   * stream's beginning, where the tasks added since are.
   */
  private void createGroupAgain() {
    log.warn("consumer group {} of {} is gone; creating it again", Streams.AGENT_GROUP, stream);
    try {
      StreamGroups.ensure(connection.sync(), stream, Streams.AGENT_GROUP);
    } catch (RedisException e) {
      log.warn(
          "could not create consumer group {} of {}, retrying: {}",
          Streams.AGENT_GROUP,
          stream,
          e.getMessage());
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
}
