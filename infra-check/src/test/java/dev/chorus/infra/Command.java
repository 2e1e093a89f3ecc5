package dev.chorus.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One run of a program to its end, its output kept. Output goes to files rather than pipes, so a
 * program that writes much to both streams cannot block on the one nobody reads yet.
 *
 * @param exitCode the program's exit code
 * @param stdout what it wrote to standard output
 * @param stderr what it wrote to standard error
 */
record Command(int exitCode, String stdout, String stderr) {

  private static final long TIMEOUT_SECONDS = 120;

  /** Runs {@code command} with {@code stdin} (may be null) as its standard input. */
  static Command run(List<String> command, Path stdin) {
    try {
      Path out = Files.createTempFile("chorus-infra-check", ".out");
      Path err = Files.createTempFile("chorus-infra-check", ".err");
      try {
        ProcessBuilder builder =
            new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        if (stdin != null) {
          builder.redirectInput(stdin.toFile());
        }
        Process process = builder.start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new IllegalStateException(
              command.get(0) + " did not finish within " + TIMEOUT_SECONDS + " s: " + command);
        }
        return new Command(
            process.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, e);
    }
  }
}
