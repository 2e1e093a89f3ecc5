package dev.chorus.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@link WorkAgent} processes of the scaling experiment, started from this benchmark's own jar and
 * stopped with SIGTERM, newest first, as a scale-in stops a pod: each drains what it holds before
 * it exits. Each process logs to {@code <logs>/<name>.log}.
 */
final class AgentPool implements AutoCloseable {

  /** Longer than a task's work, so a stopping agent always finishes what it holds. */
  private static final Duration DRAIN = Duration.ofSeconds(30);

  private final String mode;
  private final Map<String, String> environment;
  private final Path logs;
  private final Deque<Process> running = new ArrayDeque<>();
  private final List<Process> stopping = new ArrayList<>();
  private int started;

  /**
   * @param mode {@code pull} or {@code push} (see {@link WorkAgent})
   * @param environment what every agent process is given, besides its own {@code CHORUS_AGENT_ID}
   */
  AgentPool(String mode, Map<String, String> environment, Path logs) {
    this.mode = mode;
    this.environment = Map.copyOf(environment);
    this.logs = logs;
  }

  /** Starts or stops processes until {@code replicas} run (stopping ones are not counted). */
  synchronized void scaleTo(int replicas) {
    while (running.size() < replicas) {
      running.push(start());
    }
    while (running.size() > replicas) {
      Process newest = running.pop();
      newest.destroy();
      stopping.add(newest);
    }
    stopping.removeIf(p -> !p.isAlive());
  }

  synchronized int replicas() {
    return running.size();
  }

  private Process start() {
    String name = "work-agent-" + mode + "-" + (++started);
    ProcessBuilder process =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-jar",
                System.getProperty("java.class.path"),
                "work-agent",
                mode)
            .redirectErrorStream(true)
            .redirectOutput(logs.resolve(name + ".log").toFile());
    process.environment().putAll(environment);
    process.environment().put("CHORUS_AGENT_ID", name);
    process.environment().put("CHORUS_AGENT_DRAIN_TIMEOUT", DRAIN.toSeconds() + "s");
    try {
      Files.createDirectories(logs);
      return process.start();
    } catch (IOException e) {
      throw new UncheckedIOException("starting " + name + " failed", e);
    }
  }

  /** Stops every process and waits for each to have drained and exited. */
  @Override
  public synchronized void close() throws InterruptedException {
    scaleTo(0);
    for (Process p : stopping) {
      if (!p.waitFor(DRAIN.toSeconds() + 5, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
      }
    }
    stopping.clear();
  }
}
