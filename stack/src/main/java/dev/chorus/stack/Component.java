package dev.chorus.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One server of the stack as a process: started unless it already runs, healthy by its own protocol
 * within a deadline, restarted or stopped on request. Subclasses say how to start it and how to ask
 * it whether it serves.
 */
public abstract class Component {

  /** How long a stopped server has to shut down by itself before it is killed. */
  static final Duration STOP_GRACE = Duration.ofSeconds(15);

  protected final StackHome home;
  private final String name;
  private ServerProcess process;

  protected Component(StackHome home, String name) {
    this.home = home;
    this.name = name;
  }

  public final String name() {
    return name;
  }

  public final Path log() {
    return home.log(name);
  }

  /** The command line that starts the server in the foreground. */
  protected abstract List<String> command();

  /** Variables added to the server's environment. */
  protected Map<String, String> environment() {
    return Map.of();
  }

  /** One probe in the server's own protocol: true once it serves. */
  protected abstract boolean healthy() throws Exception;

  /** How long the server may take to become healthy. */
  protected Duration startupDeadline() {
    return Duration.ofSeconds(60);
  }

  /** Checked before starting, e.g. that the port is free; throws naming what is wrong. */
  protected void beforeStart() {}

  /**
   * Starts the server unless this home already runs it, then waits until it is healthy.
   *
   * @return true when it was started now, false when it was already running
   */
  public final synchronized boolean start() {
    Optional<ServerProcess> running = current();
    if (running.isPresent()) {
      process = running.get();
      awaitHealthy();
      return false;
    }
    beforeStart();
    home.report("starting " + name);
    process = ServerProcess.start(home, name, command(), environment());
    try {
      awaitHealthy();
    } catch (RuntimeException unhealthy) {
      // A server that never became healthy is of no use, and nothing else would stop it.
      kill();
      throw unhealthy;
    }
    return true;
  }

  /** Waits until the server answers its health probe; fails early when its process exits. */
  public final void awaitHealthy() {
    long begin = System.nanoTime();
    long end = begin + startupDeadline().toNanos();
    Exception last = null;
    while (true) {
      try {
        if (healthy()) {
          home.report(
              name
                  + " healthy after "
                  + Duration.ofNanos(System.nanoTime() - begin).toMillis()
                  + " ms");
          return;
        }
      } catch (Exception e) {
        last = e;
      }
      if (process != null && !process.alive()) {
        throw new StackException(
            name
                + " exited during startup; last lines of "
                + log()
                + ":\n"
                + LogFiles.tail(log(), 20));
      }
      if (System.nanoTime() > end) {
        throw new StackException(
            name
                + " did not become healthy within "
                + startupDeadline().toSeconds()
                + " s"
                + (last == null ? "" : " (last probe: " + last + ")")
                + "; last lines of "
                + log()
                + ":\n"
                + LogFiles.tail(log(), 20));
      }
      pause();
    }
  }

  /** What became of a server this home started. */
  public enum State {
    /** Its process runs. */
    RUNNING,
    /** It was never started, or was stopped. */
    STOPPED,
    /**
     * It was started and its process ended without being stopped: a crash, or a kill from outside.
     */
    DIED
  }

  /** Whether the server runs, was stopped, or died; a died server's log tells why. */
  public final synchronized State state() {
    boolean recorded = java.nio.file.Files.exists(home.pidFile(name));
    if (current().isPresent()) {
      return State.RUNNING;
    }
    return recorded ? State.DIED : State.STOPPED;
  }

  /** Whether this home runs the server now (started by this program or an earlier one). */
  public final synchronized boolean running() {
    return current().isPresent();
  }

  /** The PID of the server's process while it runs. */
  public final synchronized OptionalLong pid() {
    return current().map(p -> OptionalLong.of(p.pid())).orElse(OptionalLong.empty());
  }

  /** SIGTERM, SIGKILL after a grace period; nothing happens when it does not run. */
  public final synchronized void stop() {
    current()
        .ifPresentOrElse(
            p -> {
              home.report("stopping " + name + " (pid " + p.pid() + ")");
              p.stop(STOP_GRACE);
            },
            () -> ServerProcess.forget(home, name));
    process = null;
  }

  /** SIGKILL, as when the machine under it dies. */
  public final synchronized void kill() {
    current().ifPresentOrElse(ServerProcess::kill, () -> ServerProcess.forget(home, name));
    process = null;
  }

  /** A server stopped in its tracks by {@link #suspend()}; closing it lets the server go on. */
  public interface Suspension extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * SIGSTOP: the server hangs with its connections open, as on a stalled machine or a long
   * garbage-collection pause, until the returned suspension is closed (SIGCONT).
   */
  public final synchronized Suspension suspend() {
    ServerProcess running =
        current().orElseThrow(() -> new StackException(name + " does not run; nothing to suspend"));
    running.signal("STOP");
    return () -> running.signal("CONT");
  }

  /** Stops the server and starts it again the same way, with the same ports and data. */
  public final synchronized void restart() {
    stop();
    start();
  }

  private Optional<ServerProcess> current() {
    if (process != null && process.alive()) {
      return Optional.of(process);
    }
    return ServerProcess.find(home, name);
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackException("interrupted while waiting for a server", e);
    }
  }
}
