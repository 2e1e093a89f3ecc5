package dev.chorus.stack.junit;

import dev.chorus.stack.Ports;
import dev.chorus.stack.PostgresTemporal;
import dev.chorus.stack.RedisServer;
import dev.chorus.stack.StackException;
import dev.chorus.stack.StackHome;
import dev.chorus.stack.TemporalDevServer;
import dev.chorus.stack.TemporalEngine;
import dev.chorus.stack.TemporalPorts;
import dev.chorus.stack.TemporalServerPorts;
import dev.chorus.stack.Tools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The servers of one test JVM: each started on free ports the first time a test asks for it, shared
 * by every later test, and stopped when the JVM's tests are done (JUnit closes what its root store
 * holds). Their logs and data are under {@code target/stack/} of the module.
 */
public final class SharedServers implements AutoCloseable {

  /**
   * The system property naming the stack's folder; {@code target/stack} of the working directory by
   * default.
   */
  public static final String HOME_PROPERTY = "chorus.stack.home";

  /**
   * The system property choosing the Temporal of {@link #temporalEngine()}: {@code dev} (the
   * default) or {@code postgres}.
   */
  public static final String ENGINE_PROPERTY = "chorus.temporal.engine";

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SharedServers.class);

  private final Tools tools = Tools.locate();
  private final StackHome home =
      StackHome.throwaway(
          Path.of(System.getProperty(HOME_PROPERTY, "target/stack")),
          message -> System.out.println("[stack] " + message));
  private final Deque<Runnable> stops = new ArrayDeque<>();
  private final Map<Object, RuntimeException> failures = new HashMap<>();
  private RedisServer redis;
  private TemporalDevServer temporal;
  private PostgresTemporal postgresTemporal;

  private SharedServers() {}

  /** The servers of the JVM running {@code context}'s test. */
  public static SharedServers of(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .computeIfAbsent(SharedServers.class, k -> new SharedServers(), SharedServers.class);
  }

  public Tools tools() {
    return tools;
  }

  public StackHome home() {
    return home;
  }

  /** A Redis with an append-only file that starts empty. */
  public synchronized RedisServer redis() {
    if (redis == null) {
      redis = new RedisServer(home, "redis", tools, Ports.free());
      deleteContents(redis.dataDir());
      start(redis, redis::start, redis::stop);
    }
    return startedOrFailed(redis, redis.name());
  }

  /**
   * A Temporal dev server with its store in memory, and its Web UI for the tests that open runs in
   * it.
   */
  public synchronized TemporalDevServer temporal() {
    if (temporal == null) {
      temporal = new TemporalDevServer(home, "temporal", tools, TemporalPorts.freeWithUi(), null);
      start(temporal, temporal::start, temporal::stop);
    }
    return startedOrFailed(temporal, temporal.name());
  }

  /**
   * The Temporal {@value #ENGINE_PROPERTY} names: the {@linkplain #temporal() dev server}, or the
   * Temporal server on a PostgreSQL cluster that starts empty.
   */
  public synchronized TemporalEngine temporalEngine() {
    String engine = System.getProperty(ENGINE_PROPERTY, "dev");
    switch (engine) {
      case "dev":
        return temporal();
      case "postgres":
        if (postgresTemporal == null) {
          postgresTemporal =
              new PostgresTemporal(
                  home, "temporal-server", tools, Ports.free(), TemporalServerPorts.free());
          postgresTemporal.postgres().deleteCluster();
          start(postgresTemporal, postgresTemporal::start, postgresTemporal::stop);
        }
        return startedOrFailed(postgresTemporal, "the Temporal server on PostgreSQL");
      default:
        throw new StackException(
            ENGINE_PROPERTY + " must be dev or postgres but was '" + engine + "'");
    }
  }

  /**
   * Starts a server once. A server whose start failed is stopped at the end all the same (its
   * process may run, unhealthy), and is not started again: every later test fails at once with the
   * first failure instead of waiting out the same startup deadline.
   */
  private void start(Object server, Runnable start, Runnable stop) {
    stops.push(stop);
    try {
      start.run();
    } catch (RuntimeException e) {
      failures.put(server, e);
      throw e;
    }
  }

  private <T> T startedOrFailed(T server, String name) {
    RuntimeException failure = failures.get(server);
    if (failure != null) {
      throw new StackException(
          name + " could not start for an earlier test: " + failure.getMessage(), failure);
    }
    return server;
  }

  @Override
  public synchronized void close() {
    while (!stops.isEmpty()) {
      stops.pop().run();
    }
  }

  private static void deleteContents(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files
          .sorted(Comparator.reverseOrder())
          .filter(p -> !p.equals(dir))
          .forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("could not empty " + dir, e);
    }
  }
}
