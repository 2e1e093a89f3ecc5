package dev.chorus.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * One log file per component. A restart moves the previous log aside ({@code name.log.1}, then
 * {@code .2}, …) instead of overwriting it, so the log of a process that crashed survives the
 * restart that follows.
 */
public final class LogFiles {

  /** Logs of earlier starts kept beside the current one. */
  static final int KEPT = 5;

  private LogFiles() {}

  /** Moves {@code log} and its older copies one place along, dropping the oldest. */
  static void rotate(Path log) {
    try {
      Files.createDirectories(log.getParent());
      Files.deleteIfExists(older(log, KEPT));
      for (int i = KEPT - 1; i >= 1; i--) {
        if (Files.exists(older(log, i))) {
          Files.move(older(log, i), older(log, i + 1), StandardCopyOption.REPLACE_EXISTING);
        }
      }
      if (Files.exists(log)) {
        Files.move(log, older(log, 1), StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not rotate " + log, e);
    }
  }

  /** The log of the {@code n}th start before the current one. */
  public static Path older(Path log, int n) {
    return log.resolveSibling(log.getFileName() + "." + n);
  }

  /** The last {@code lines} lines of a log, for an error message; empty when there is none. */
  public static String tail(Path log, int lines) {
    try {
      if (!Files.exists(log)) {
        return "";
      }
      List<String> all = Files.readAllLines(log, java.nio.charset.StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }
}
