package dev.chorus.stack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One operating-system process of a component: started with its log, found again by its PID file,
 * stopped.
 */
final class ServerProcess {

  private static final Path SETSID = Path.of("/usr/bin/setsid");

  private final StackHome home;
  private final String component;
  private final ProcessHandle handle;

  private ServerProcess(StackHome home, String component, ProcessHandle handle) {
    this.home = home;
    this.component = component;
    this.handle = handle;
  }

  /**
   * Starts {@code command} with its output in the component's log (the previous log kept). In a
   * persistent home the process gets its own session, so neither this program's exit nor a Ctrl-C
   * in its terminal reaches it.
   */
  static ServerProcess start(
      StackHome home, String component, List<String> command, Map<String, String> environment) {
    List<String> argv = new ArrayList<>();
    if (home.persistent() && Files.isExecutable(SETSID)) {
      argv.add(SETSID.toString());
    }
    argv.addAll(command);
    Path log = home.log(component);
    LogFiles.rotate(log);
    ProcessBuilder builder =
        new ProcessBuilder(argv)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().putAll(environment);
    try {
      ProcessHandle handle = builder.start().toHandle();
      PidFile.of(handle).write(home.pidFile(component));
      return new ServerProcess(home, component, handle);
    } catch (IOException e) {
      throw new StackException(
          "could not start "
              + component
              + " ("
              + String.join(" ", command)
              + "): "
              + e.getMessage(),
          e);
    }
  }

  /**
   * The running process a component's PID file names, if there is one. A PID file whose process has
   * ended stays, so that the component shows as died until it is stopped or started again.
   */
  static Optional<ServerProcess> find(StackHome home, String component) {
    return PidFile.read(home.pidFile(component))
        .flatMap(PidFile::process)
        .map(handle -> new ServerProcess(home, component, handle));
  }

  /** Drops the record of a component that no longer runs. */
  static void forget(StackHome home, String component) {
    deleteQuietly(home.pidFile(component));
  }

  /**
   * Alive and not a zombie: a process that exited but was not reaped yet (its parent may be an init
   * that reaps slowly, or never) must count as gone. A zombie main thread whose other threads are
   * still exiting still runs, though: they hold its files, its listening sockets among them, until
   * the last one is gone.
   */
  static boolean running(ProcessHandle process) {
    if (!process.isAlive()) {
      return false;
    }
    Path proc = Path.of("/proc", Long.toString(process.pid()));
    try {
      String stat = Files.readString(proc.resolve("stat"));
      if (stat.charAt(stat.lastIndexOf(')') + 2) != 'Z') {
        return true;
      }
      try (var threads = Files.list(proc.resolve("task"))) {
        return threads.limit(2).count() > 1;
      }
    } catch (IOException | RuntimeException e) {
      return process.isAlive();
    }
  }

  long pid() {
    return handle.pid();
  }

  boolean alive() {
    return running(handle);
  }

  /** SIGTERM, then SIGKILL for whatever still runs after {@code grace}. */
  void stop(Duration grace) {
    List<ProcessHandle> tree = tree();
    tree.forEach(ProcessHandle::destroy);
    if (!awaitGone(tree, grace)) {
      home.report(
          component
              + " (pid "
              + pid()
              + ") ignored SIGTERM for "
              + grace.toSeconds()
              + " s; sending SIGKILL");
    }
    kill();
  }

  /**
   * SIGKILL to the process and its descendants: nothing runs its shutdown, as when a machine dies.
   */
  void kill() {
    List<ProcessHandle> tree = tree();
    tree.forEach(ProcessHandle::destroyForcibly);
    if (!awaitGone(tree, Duration.ofSeconds(10))) {
      throw new StackException(component + " (pid " + pid() + ") still runs 10 s after SIGKILL");
    }
    deleteQuietly(home.pidFile(component));
  }

  /**
   * Polls rather than waiting on {@link ProcessHandle#onExit()}, which for a process that is not
   * our child, or a zombie nobody reaps, may never complete.
   */
  private static boolean awaitGone(List<ProcessHandle> processes, Duration deadline) {
    long end = System.nanoTime() + deadline.toNanos();
    while (processes.stream().anyMatch(ServerProcess::running)) {
      if (System.nanoTime() > end) {
        return false;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  /** Sends a signal Java has no call for (STOP, CONT) to the process. */
  void signal(String name) {
    try {
      Process kill =
          new ProcessBuilder("kill", "-" + name, Long.toString(pid()))
              .redirectErrorStream(true)
              .start();
      String output = new String(kill.getInputStream().readAllBytes()).strip();
      if (kill.waitFor() != 0) {
        throw new StackException("kill -" + name + " " + pid() + " failed: " + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not run kill -" + name, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackException("interrupted while signalling " + component, e);
    }
  }

  private List<ProcessHandle> tree() {
    List<ProcessHandle> tree = new ArrayList<>(handle.descendants().toList());
    tree.add(0, handle);
    return tree;
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete " + file, e);
    }
  }
}
