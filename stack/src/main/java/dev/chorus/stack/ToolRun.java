package dev.chorus.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A program the stack runs to its end (initdb, the schema tool) rather than supervises, its output
 * appended to a log that a failure names.
 */
final class ToolRun {

  private ToolRun() {}

  /** Runs {@code command}; throws naming the last lines of {@code log} unless it exits with 0. */
  static void check(
      String what,
      List<String> command,
      Map<String, String> environment,
      Path log,
      Duration limit) {
    int exit = exitCode(what, command, environment, log, limit);
    if (exit != 0) {
      throw new StackException(
          what
              + " failed with exit code "
              + exit
              + " ("
              + String.join(" ", command)
              + "); last lines of "
              + log
              + ":\n"
              + LogFiles.tail(log, 20));
    }
  }

  /**
   * Runs {@code command} and returns its exit code; its output goes to {@code log}, or nowhere when
   * {@code log} is null.
   */
  static int exitCode(
      String what,
      List<String> command,
      Map<String, String> environment,
      Path log,
      Duration limit) {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    builder.environment().putAll(environment);
    try {
      if (log == null) {
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
      } else {
        Files.createDirectories(log.getParent());
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      }
      Process process = builder.start();
      if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new StackException(what + " did not finish within " + limit.toSeconds() + " s");
      }
      return process.exitValue();
    } catch (IOException e) {
      throw new UncheckedIOException("could not run " + what + " (" + command.get(0) + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackException("interrupted while running " + what, e);
    }
  }
}
