package dev.chorus.gateway;

import io.lettuce.core.RedisClient;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * The runs this instance follows, one {@link RunTail} each, shared by all of a run's clients: a
 * run's first client creates its tail, its last one removes it. A tail that lost Redis is replaced
 * for the next client, so a reconnecting client does not join a dead one.
 */
final class LiveTails {

  /** One client's hold on its run's tail; closing it twice lets go once. */
  final class Lease implements AutoCloseable {
    private final String runId;
    private final RunTail tail;
    private boolean closed;

    private Lease(String runId, RunTail tail) {
      this.runId = runId;
      this.tail = tail;
    }

    RunTail tail() {
      return tail;
    }

    @Override
    public void close() {
      synchronized (this) {
        if (closed) {
          return;
        }
        closed = true;
      }
      leave(runId, tail);
    }
  }

  private final RedisClient redis;
  private final Executor executor;
  private final LiveSettings settings;
  private final Map<String, RunTail> tails = new HashMap<>();

  LiveTails(RedisClient redis, Executor executor, LiveSettings settings) {
    this.redis = redis;
    this.executor = executor;
    this.settings = settings;
  }

  synchronized Lease join(String runId) {
    RunTail tail = tails.get(runId);
    if (tail == null || tail.failed()) {
      tail = new RunTail(runId, redis, executor, settings);
      tails.put(runId, tail);
    }
    tail.join();
    return new Lease(runId, tail);
  }

  /** Runs followed now. */
  synchronized int size() {
    return tails.size();
  }

  private synchronized void leave(String runId, RunTail tail) {
    if (tail.leave() && tails.get(runId) == tail) {
      tails.remove(runId);
    }
  }
}
