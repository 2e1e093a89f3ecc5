package dev.chorus.stack.junit;

import dev.chorus.stack.RedisServer;
import dev.chorus.stack.StackHome;
import dev.chorus.stack.TemporalDevServer;
import dev.chorus.stack.TemporalPorts;
import dev.chorus.stack.Tools;
import dev.chorus.stack.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The servers of one test JVM: each started on free ports the first time a test asks for it, shared
 * by every later test, and stopped when the JVM's tests are done (JUnit closes what its root store
 * holds). Their logs and data are under {@code target/stack/} of the module.
 */
public final class SharedServers implements AutoCloseable {

  /** The system property naming the stack's folder; {@code target/stack} of the working directory by default. */
  public static final String HOME_PROPERTY = "chorus.stack.home";

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedServers.class);

  private final Tools tools = Tools.locate();
  private final StackHome home = StackHome.throwaway(
      Path.of(System.getProperty(HOME_PROPERTY, "target/stack")), message -> System.out.println("[stack] " + message));
  private final Deque<dev.chorus.stack.Component> started = new ArrayDeque<>();
  private RedisServer redis;
  private TemporalDevServer temporal;

  private SharedServers() {}

  /** The servers of the JVM running {@code context}'s test. */
  public static SharedServers of(ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE).computeIfAbsent(SharedServers.class, k -> new SharedServers(), SharedServers.class);
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
      RedisServer server = new RedisServer(home, "redis", tools, Ports.free());
      deleteContents(server.dataDir());
      server.start();
      started.push(server);
      redis = server;
    }
    return redis;
  }

  /** A headless Temporal dev server with its store in memory. */
  public synchronized TemporalDevServer temporal() {
    if (temporal == null) {
      TemporalDevServer server = new TemporalDevServer(home, "temporal", tools, TemporalPorts.freeHeadless(), null);
      server.start();
      started.push(server);
      temporal = server;
    }
    return temporal;
  }

  @Override
  public synchronized void close() {
    while (!started.isEmpty()) {
      started.pop().stop();
    }
  }

  private static void deleteContents(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(dir)).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("could not empty " + dir, e);
    }
  }
}
