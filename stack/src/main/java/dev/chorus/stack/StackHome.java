package dev.chorus.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The folder a stack keeps its state in: {@code logs/} (one log per component, older ones kept),
 * {@code pids/} (what was started, so a later command or test run finds it) and one data folder per
 * component.
 *
 * <p>A <em>persistent</em> home (the command line's {@code .data/}) outlives the program that
 * started its servers: they run in their own session, and a later {@code up} finds them by their
 * PID files instead of starting them twice. A <em>throwaway</em> home (a test run's) stops its
 * servers with the program, and stops leftovers of an earlier program that was killed before it
 * could.
 */
public final class StackHome {

  private final Path root;
  private final boolean persistent;
  private final Consumer<String> progress;

  private StackHome(Path root, boolean persistent, Consumer<String> progress) {
    this.root = root.toAbsolutePath().normalize();
    this.persistent = persistent;
    this.progress = progress;
  }

  /** A home whose servers outlive this program, reporting progress to {@code progress}. */
  public static StackHome persistent(Path root, Consumer<String> progress) {
    return new StackHome(root, true, progress);
  }

  /** A home whose servers end with this program; leftovers of an earlier one are stopped first. */
  public static StackHome throwaway(Path root, Consumer<String> progress) {
    StackHome home = new StackHome(root, false, progress);
    home.stopLeftovers();
    return home;
  }

  public Path root() {
    return root;
  }

  boolean persistent() {
    return persistent;
  }

  /** The current log of a component. */
  public Path log(String component) {
    return root.resolve("logs").resolve(component + ".log");
  }

  Path pidFile(String component) {
    return root.resolve("pids").resolve(component + ".pid");
  }

  /**
   * Records a process started by other means than a {@link Component} (a test's agent, which keeps
   * its pipes), so that a later throwaway home stops it should this program die first.
   */
  public void record(String component, ProcessHandle process) {
    PidFile.of(process).write(pidFile(component));
  }

  /** Drops the record of a process that was {@linkplain #record recorded} and has ended. */
  public void forget(String component) {
    ServerProcess.forget(this, component);
  }

  /** The data folder of a component (database, append-only file, generated configuration). */
  public Path data(String component) {
    Path dir = root.resolve(component);
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("could not create " + dir, e);
    }
  }

  void report(String message) {
    progress.accept(message);
  }

  /** Components with a PID file, whether or not their process still runs. */
  public java.util.List<String> recorded() {
    Path pids = root.resolve("pids");
    if (!Files.isDirectory(pids)) {
      return java.util.List.of();
    }
    try (Stream<Path> files = Files.list(pids)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".pid"))
          .map(n -> n.substring(0, n.length() - ".pid".length()))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("could not list " + pids, e);
    }
  }

  private void stopLeftovers() {
    for (String component : recorded()) {
      ServerProcess.find(this, component)
          .ifPresent(
              leftover -> {
                report(
                    "stopping "
                        + component
                        + " (pid "
                        + leftover.pid()
                        + ") left over from an earlier run");
                leftover.kill();
              });
    }
  }
}
