package dev.chorus.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A server's password, generated the first time it is asked for and kept in a file of mode 0600.
 */
final class PasswordFile {

  private PasswordFile() {}

  /** The password {@code file} holds, 32 random bytes in hex written into it first if it is new. */
  static String read(Path file) {
    try {
      if (!Files.exists(file)) {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, HexFormat.of().formatHex(bytes));
      }
      return Files.readString(file).trim();
    } catch (IOException e) {
      throw new UncheckedIOException("could not keep a password in " + file, e);
    }
  }
}
