package dev.chorus.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * What was started under a component's name: its PID and the instant the process started. A PID
 * alone is reused by the system once its process is gone; the start instant tells the process we
 * started from a stranger that got the same number.
 */
record PidFile(long pid, Instant started) {

  /** Start instants are read from the system with a resolution of a clock tick. */
  private static final long TOLERANCE_MILLIS = 1_000;

  static Optional<PidFile> read(Path file) {
    try {
      if (!Files.exists(file)) {
        return Optional.empty();
      }
      String[] fields = Files.readString(file).trim().split("\\s+");
      if (fields.length != 2) {
        return Optional.empty();
      }
      return Optional.of(
          new PidFile(Long.parseLong(fields[0]), Instant.ofEpochMilli(Long.parseLong(fields[1]))));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  static PidFile of(ProcessHandle process) {
    return new PidFile(process.pid(), process.info().startInstant().orElse(Instant.EPOCH));
  }

  void write(Path file) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, pid + " " + started.toEpochMilli() + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + file, e);
    }
  }

  /** The process this file names, if it still runs. */
  Optional<ProcessHandle> process() {
    return ProcessHandle.of(pid)
        .filter(ServerProcess::running)
        .filter(
            p ->
                p.info()
                    .startInstant()
                    .map(
                        s ->
                            Math.abs(s.toEpochMilli() - started.toEpochMilli()) <= TOLERANCE_MILLIS)
                    .orElse(false));
  }
}
