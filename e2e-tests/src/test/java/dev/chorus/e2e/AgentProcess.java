package dev.chorus.e2e;

import static org.awaitility.Awaitility.await;

import dev.chorus.protocol.RegistryKeys;
import dev.chorus.stack.AgentServer;
import dev.chorus.stack.LogFiles;
import dev.chorus.stack.StackHome;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * An agent in its own process, as in production, killable with SIGKILL. The test owns its pipes: it
 * writes commands to the agent's standard input, and copies its standard output to the agent's log,
 * keeping apart the lines a test agent {@linkplain #report reports} to the test.
 */
final class AgentProcess implements AutoCloseable {

  /** The start of a line a test agent prints to tell the test something; see {@link #report}. */
  private static final String REPORT = "chorus-e2e-report: ";

  final String agentId;
  private final StackHome home;
  private final Process process;
  private final Path log;
  private final Queue<String> reports = new ConcurrentLinkedQueue<>();

  /**
   * Set before the test ends the process, whose output then ends under the reader (the JDK closes
   * it).
   */
  private volatile boolean ending;

  private AgentProcess(String agentId, StackHome home, Process process, Path log) {
    this.agentId = agentId;
    this.home = home;
    this.process = process;
    home.record(component(agentId), process.toHandle());
    this.log = log;
    Thread pump = new Thread(this::pumpOutput, "agent-output-" + agentId);
    pump.setDaemon(true);
    pump.start();
  }

  /**
   * Starts {@code builder}'s process with its output in {@code log}, and waits until the registry
   * holds every one of {@code registrations} (the entries it registers) with a live lease.
   */
  static AgentProcess start(
      String agentId,
      StackHome home,
      ProcessBuilder builder,
      Path log,
      String redisUri,
      List<RegistryKeys.Owner> registrations)
      throws IOException {
    AgentProcess agent =
        new AgentProcess(agentId, home, builder.redirectErrorStream(true).start(), log);
    await("agent " + agentId + " registered as " + registrations + " (log: " + log + ")")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              if (!agent.process.isAlive()) {
                throw new IllegalStateException(
                    "agent "
                        + agentId
                        + " exited with "
                        + agent.process.exitValue()
                        + "; last lines of "
                        + log
                        + ":\n"
                        + LogFiles.tail(log, 30));
              }
              for (RegistryKeys.Owner registration : registrations) {
                if (!AgentServer.registered(
                    redisUri, registration.capability(), registration.agentId())) {
                  return false;
                }
              }
              return true;
            });
    return agent;
  }

  /**
   * Tells the test that started this agent process {@code line}: for test agents, to call from
   * their code.
   */
  static void report(String line) {
    System.out.println(REPORT + line);
  }

  /** What the agent reported so far, in order. */
  List<String> reports() {
    return List.copyOf(reports);
  }

  /** What the agent printed so far, as its log holds it. */
  String output() {
    return LogFiles.tail(log, Integer.MAX_VALUE);
  }

  /** Waits for the process to end by itself, as an agent that halts on a poison task does. */
  void awaitExit(Duration deadline) {
    await("agent " + agentId + " exits").atMost(deadline).until(() -> !process.isAlive());
  }

  /** Writes a line to the agent's standard input, for test agents that take commands there. */
  void send(String line) throws IOException {
    OutputStreamWriter in =
        new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    in.write(line + "\n");
    in.flush();
  }

  /**
   * SIGTERM, as Kubernetes sends a pod it scales in, without waiting: the agent drains and exits on
   * its own ({@link #awaitExit}). Sent through the process handle, since {@link Process#destroy}
   * also closes the pipes, and what the agent prints while it drains would be lost.
   */
  void terminate() {
    process.toHandle().destroy();
  }

  /** SIGKILL: no shutdown hook runs, nothing is acknowledged, as when a machine dies. */
  void kill() throws InterruptedException {
    ending = true;
    process.destroyForcibly();
    process.waitFor();
    home.forget(component(agentId));
  }

  @Override
  public void close() throws InterruptedException {
    ending = true;
    process.destroy();
    if (!process.waitFor(15, TimeUnit.SECONDS)) {
      kill();
    }
    home.forget(component(agentId));
  }

  /** Its name among the stack's components, whose leftovers a later test run stops. */
  private static String component(String agentId) {
    return "agent-" + agentId;
  }

  private void pumpOutput() {
    try (BufferedReader out =
            new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        BufferedWriter file = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith(REPORT)) {
          reports.add(line.substring(REPORT.length()));
        }
        file.write(line);
        file.newLine();
        file.flush();
      }
    } catch (IOException e) {
      if (ending) {
        return;
      }
      throw new UncheckedIOException("copying the output of agent " + agentId + " to " + log, e);
    }
  }
}
