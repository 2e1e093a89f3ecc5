package dev.chorus.stack;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the programs of the stack are: the {@code temporal} CLI and the Python environment under
 * the checkout's {@code .tools/} (where {@code ./chorus} installs them), the Debian packages'
 * servers on the {@code PATH}.
 *
 * @param checkout the root of the Chorus checkout
 */
public record Tools(Path checkout) {

  /** The system property naming the checkout; found from the working directory when unset. */
  public static final String CHECKOUT_PROPERTY = "chorus.checkout";

  private static final Path POSTGRES_PROGRAMS = Path.of("/usr/lib/postgresql/15/bin");

  /**
   * The checkout named by {@value #CHECKOUT_PROPERTY}, or the nearest folder above the working
   * directory that holds {@code ./chorus}.
   */
  public static Tools locate() {
    String configured = System.getProperty(CHECKOUT_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      return new Tools(Path.of(configured).toAbsolutePath().normalize());
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("chorus"))
          && Files.isRegularFile(dir.resolve("pom.xml"))) {
        return new Tools(dir);
      }
    }
    throw new StackException(
        "no Chorus checkout above "
            + Path.of("").toAbsolutePath()
            + "; set -D"
            + CHECKOUT_PROPERTY
            + "=<folder>");
  }

  /** The {@code temporal} CLI (dev server and operator commands). */
  public Path temporal() {
    Path installed = checkout.resolve(".tools/bin/temporal");
    if (Files.isExecutable(installed)) {
      return installed;
    }
    return onPath("temporal").orElseThrow(() -> missing("the temporal CLI", installed.toString()));
  }

  public Path redisServer() {
    return onPath("redis-server").orElseThrow(() -> missing("redis-server", "the PATH"));
  }

  /**
   * A program of Debian's PostgreSQL 15 ({@code initdb}, {@code postgres}, {@code pg_isready}),
   * which is not on the {@code PATH}: Debian keeps each major version's programs apart.
   */
  public Path postgres(String program) {
    Path path = POSTGRES_PROGRAMS.resolve(program);
    if (!Files.isExecutable(path)) {
      throw missing("PostgreSQL 15's " + program, POSTGRES_PROGRAMS.toString());
    }
    return path;
  }

  public Path prometheus() {
    return onPath("prometheus").orElseThrow(() -> missing("prometheus", "the PATH"));
  }

  public Path promtool() {
    return onPath("promtool").orElseThrow(() -> missing("promtool", "the PATH"));
  }

  /** The interpreter of the Python environment that runs the Python agent and schemathesis. */
  public Path python() {
    Path python = checkout.resolve(".tools/python/bin/python");
    if (!Files.isExecutable(python)) {
      throw missing("the Python environment", python.toString());
    }
    return python;
  }

  /** A program of the Python environment, such as {@code schemathesis}. */
  public Path pythonProgram(String name) {
    Path program = python().resolveSibling(name);
    if (!Files.isExecutable(program)) {
      throw missing(name, program.toString());
    }
    return program;
  }

  /** The first executable named {@code program} on the {@code PATH}. */
  public static Optional<Path> onPath(String program) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return Optional.of(Path.of(dir, program));
      }
    }
    return Optional.empty();
  }

  private static StackException missing(String what, String where) {
    return new StackException(
        what
            + " is not installed (looked in "
            + where
            + "); ./chorus installs it: run ./chorus up or ./chorus test once");
  }
}
