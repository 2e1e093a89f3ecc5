package dev.chorus.gateway;

import dev.chorus.pipeline.RunEvent;
import dev.chorus.protocol.StreamIds;
import dev.chorus.protocol.Streams;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisStreamCommands;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * One running run's live stream, read once on this instance for all of its clients: a single XREAD
 * BLOCK, on a connection of the tail's own, appends what arrives to a window of the newest {@link
 * LiveSettings#readBatch()} entries, and every client that has caught up takes its next entries
 * from the window. A client further behind than the window reads Redis itself, without blocking
 * ({@link LiveReader}), so a slow client costs only its own reads, and the memory a run's clients
 * hold is one window however many they are.
 *
 * <p>The tail reads from the stream's newest entry when its first client needs it, and stops at the
 * run's {@code run.finished}, when its last client has gone ({@link LiveTails}), or when Redis
 * fails (its clients are told, and a new client gets a new tail).
 */
final class RunTail {

  private final String stream;
  private final RedisClient redis;
  private final Executor executor;
  private final LiveSettings settings;
  private final ArrayDeque<StreamMessage<String, String>> window = new ArrayDeque<>();

  private String status;
  private int followers;
  private boolean started;
  private boolean ready;
  private boolean ended;
  private RedisException failure;
  // Every entry after this id, up to the newest read, is in the window.
  private String coveredAfter;
  private String newest;

  RunTail(String runId, RedisClient redis, Executor executor, LiveSettings settings) {
    this.stream = Streams.live(runId);
    this.redis = redis;
    this.executor = executor;
    this.settings = settings;
  }

  /**
   * The run's status, asked of {@code source} by the tail's first client only: the rest of a crowd
   * that opens the same run at once costs Temporal nothing more.
   */
  synchronized String status(Supplier<String> source) {
    if (status == null) {
      status = source.get();
    }
    return status;
  }

  synchronized void join() {
    followers++;
  }

  /** Drops one client; true when it was the last, and the tail stops reading. */
  synchronized boolean leave() {
    followers--;
    notifyAll();
    return followers <= 0;
  }

  synchronized boolean failed() {
    return failure != null;
  }

  /** The id after which the window holds every entry read; null until the tail has started. */
  synchronized String coveredAfter() {
    return coveredAfter;
  }

  /**
   * The entries after {@code cursor}, at most {@code max}, waiting up to {@code wait} when there is
   * none yet: empty when none came in that time, or null when {@code cursor} is older than the
   * window (the client must catch up from Redis itself). The tail's first call waits for it to have
   * started.
   *
   * @throws RedisException when the tail could no longer read the stream
   */
  synchronized List<StreamMessage<String, String>> after(String cursor, int max, Duration wait) {
    startOnce();
    long deadline = System.nanoTime() + wait.toNanos();
    try {
      while (true) {
        if (failure != null) {
          throw failure;
        }
        if (!ready) {
          // Bounded by the connection's and the command's timeouts, after which failure is set.
          wait(wait.toMillis() + 1);
          continue;
        }
        if (StreamIds.compare(cursor, coveredAfter) < 0) {
          return null;
        }
        List<StreamMessage<String, String>> found = entriesAfter(cursor, max);
        if (!found.isEmpty()) {
          return found;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return List.of();
        }
        wait(Math.max(1, left / 1_000_000));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    }
  }

  private List<StreamMessage<String, String>> entriesAfter(String cursor, int max) {
    List<StreamMessage<String, String>> found = new ArrayList<>();
    for (StreamMessage<String, String> entry : window) {
      if (found.size() == max) {
        break;
      }
      if (StreamIds.compare(entry.getId(), cursor) > 0) {
        found.add(entry);
      }
    }
    return found;
  }

  private void startOnce() {
    if (!started) {
      started = true;
      executor.execute(this::read);
    }
  }

  private void read() {
    try (StatefulRedisConnection<String, String> connection = redis.connect()) {
      RedisStreamCommands<String, String> commands = connection.sync();
      List<StreamMessage<String, String>> last =
          commands.xrevrange(stream, Range.create("-", "+"), Limit.create(0, 1));
      synchronized (this) {
        newest = last.isEmpty() ? "0-0" : last.get(0).getId();
        coveredAfter = newest;
        ready = true;
        notifyAll();
      }
      XReadArgs args = XReadArgs.Builder.count(settings.readBatch()).block(settings.readBlock());
      while (reading()) {
        List<StreamMessage<String, String>> batch =
            commands.xread(args, StreamOffset.from(stream, newest));
        if (!batch.isEmpty()) {
          append(batch);
        }
      }
    } catch (RuntimeException e) {
      synchronized (this) {
        failure =
            e instanceof RedisException redisFailure
                ? redisFailure
                : new RedisException("reading " + stream + " failed: " + e.getMessage(), e);
        notifyAll();
      }
    }
  }

  private synchronized boolean reading() {
    return followers > 0 && !ended && !Thread.currentThread().isInterrupted();
  }

  private synchronized void append(List<StreamMessage<String, String>> batch) {
    for (StreamMessage<String, String> entry : batch) {
      window.addLast(entry);
      if (window.size() > settings.readBatch()) {
        coveredAfter = window.removeFirst().getId();
      }
      newest = entry.getId();
      if (RunEvent.RUN_FINISHED.equals(entry.getBody().get("type"))) {
        ended = true;
      }
    }
    notifyAll();
  }
}
