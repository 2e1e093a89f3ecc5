package dev.chorus.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Debian's {@code redis-server} on loopback with an append-only file fsynced every second, as
 * Chorus runs in production: a restart keeps every acknowledged write but the last second's.
 *
 * <p>Its users are in an ACL file in its data folder: the application's user {@value
 * #APPLICATION_USER}, whose password is generated once per stack home and kept beside it (mode
 * 0600), and the {@code default} user switched off, so nothing connects without credentials. The
 * agents' users that Chorus provisions are saved into the same file (ACL SAVE) and outlive a
 * restart.
 */
public final class RedisServer extends Component {

  /** The application's Redis user: every command on every key. */
  public static final String APPLICATION_USER = "chorus";

  private static final String APPLICATION_RULES = "on ~* &* +@all";

  private final Tools tools;
  private final int port;
  private final List<String> extraArguments;

  /**
   * @param extraArguments more {@code redis-server} arguments, e.g. {@code --maxmemory 10mb}
   */
  public RedisServer(
      StackHome home, String name, Tools tools, int port, List<String> extraArguments) {
    super(home, name);
    this.tools = tools;
    this.port = port;
    this.extraArguments = List.copyOf(extraArguments);
  }

  public RedisServer(StackHome home, String name, Tools tools, int port) {
    this(home, name, tools, port, List.of());
  }

  public int port() {
    return port;
  }

  /** {@code redis://chorus:<password>@127.0.0.1:<port>}: the application's user. */
  public String uri() {
    return "redis://" + APPLICATION_USER + ":" + password() + "@127.0.0.1:" + port;
  }

  /** {@code redis://127.0.0.1:<port>}, without credentials: what agents' URIs are built on. */
  public String address() {
    return "redis://127.0.0.1:" + port;
  }

  /** The application user's password, generated the first time it is asked for. */
  public String password() {
    return PasswordFile.read(dataDir().resolve("chorus.password"));
  }

  /** The ACL file: the application's user, {@code default} off, the agents' users. */
  public Path aclFile() {
    return dataDir().resolve("users.acl");
  }

  /** The folder of the append-only file. */
  public Path dataDir() {
    return home.data(name());
  }

  @Override
  protected List<String> command() {
    List<String> command =
        new ArrayList<>(
            List.of(
                tools.redisServer().toString(),
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--dir",
                dataDir().toString(),
                "--appendonly",
                "yes",
                "--appendfsync",
                "everysec",
                "--aclfile",
                aclFile().toString(),
                "--save",
                "",
                "--daemonize",
                "no"));
    command.addAll(extraArguments);
    return command;
  }

  @Override
  protected void beforeStart() {
    Ports.requireFree(port, name(), "its port setting");
    writeAclFile();
  }

  /**
   * Writes the application's user and the disabled {@code default} user, keeping every other user
   * the file holds (the agents'). Redis would create {@code default} with every permission and no
   * password if the file did not name it.
   */
  private void writeAclFile() {
    Path file = aclFile();
    try {
      List<String> lines = new ArrayList<>();
      lines.add("user " + APPLICATION_USER + " " + APPLICATION_RULES + " #" + sha256(password()));
      lines.add("user default off resetchannels -@all");
      if (Files.exists(file)) {
        for (String line : Files.readAllLines(file)) {
          if (!line.isBlank()
              && !line.startsWith("user " + APPLICATION_USER + " ")
              && !line.startsWith("user default ")) {
            lines.add(line);
          }
        }
      }
      Files.write(file, lines);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the Redis ACL file " + file, e);
    }
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  @Override
  protected boolean healthy() {
    return RedisProbe.of(uri()).ping();
  }

  @Override
  protected Duration startupDeadline() {
    // Replaying a large append-only file after a crash takes a while; Redis answers LOADING
    // meanwhile.
    return Duration.ofSeconds(60);
  }
}
