package dev.chorus.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A PostgreSQL 15 cluster of Chorus's own (Debian's programs, not the system's cluster): created by
 * {@code initdb} in the component's data folder the first time, listening on loopback TCP only,
 * with one superuser {@value #USER} whose password is generated once per stack home and kept beside
 * the cluster (mode 0600). Defaults are PostgreSQL's: every commit is flushed to disk before it is
 * acknowledged.
 *
 * <p>PostgreSQL refuses to run as root. When this program runs as root, {@code initdb} and {@code
 * postgres} run as the {@value #OS_USER} user Debian's package creates, through {@code setpriv},
 * which replaces itself with the program (unlike {@code runuser}, which stays as a parent that
 * kills the server two seconds after a SIGTERM). That user may not be able to reach a folder of
 * root's (a checkout in a private temporary folder, a home folder of mode 0700), so the cluster
 * then lives in {@value #ROOT_CLUSTERS}, in a folder named after the stack home's data folder, that
 * {@value #OS_USER} owns.
 */
public final class PostgresServer extends Component {

  /** The cluster's superuser, whom the Temporal server and its schema tool connect as. */
  public static final String USER = "chorus";

  /** The operating-system user PostgreSQL runs as when this program runs as root. */
  static final String OS_USER = "postgres";

  /** Where clusters live when this program runs as root: Debian's home of {@value #OS_USER}. */
  static final String ROOT_CLUSTERS = "/var/lib/postgresql/chorus";

  private static final Path SETPRIV = Path.of("/usr/bin/setpriv");

  private final Tools tools;
  private final int port;

  public PostgresServer(StackHome home, String name, Tools tools, int port) {
    super(home, name);
    this.tools = tools;
    this.port = port;
  }

  public int port() {
    return port;
  }

  /** The password of {@value #USER}, generated the first time it is asked for. */
  public String password() {
    return PasswordFile.read(home.data(name()).resolve("chorus.password"));
  }

  /** The cluster's data folder ({@code PGDATA}). */
  Path cluster() {
    Path data = home.data(name());
    if (!runningAsRoot()) {
      return data.resolve("cluster");
    }
    return Path.of(ROOT_CLUSTERS)
        .resolve(folderName(data.toAbsolutePath().normalize()))
        .resolve("cluster");
  }

  /** Removes the cluster, so that the next start creates an empty one. */
  public void deleteCluster() {
    if (running()) {
      throw new StackException(name() + " runs; stop it before deleting its cluster");
    }
    try (var files = Files.walk(cluster())) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (NoSuchFileException gone) {
      // nothing to delete
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete " + cluster(), e);
    }
  }

  @Override
  protected List<String> command() {
    return asOwner(
        List.of(
            tools.postgres("postgres").toString(),
            "-D",
            cluster().toString(),
            "-p",
            Integer.toString(port),
            "-c",
            "listen_addresses=127.0.0.1",
            // TCP only: the default socket folder belongs to the system's cluster.
            "-c",
            "unix_socket_directories=",
            // Four services of the Temporal server with a pool each, and the schema tool.
            "-c",
            "max_connections=200"));
  }

  @Override
  protected void beforeStart() {
    Ports.requireFree(port, name(), "its port setting");
    if (!Files.exists(cluster().resolve("PG_VERSION"))) {
      initdb();
    }
  }

  @Override
  protected boolean healthy() {
    return ToolRun.exitCode(
            "pg_isready",
            List.of(
                tools.postgres("pg_isready").toString(),
                "-q",
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(port),
                "-t",
                "1"),
            Map.of(),
            null,
            Duration.ofSeconds(5))
        == 0;
  }

  @Override
  protected Duration startupDeadline() {
    // Crash recovery replays the write-ahead log before the server accepts connections.
    return Duration.ofSeconds(120);
  }

  private void initdb() {
    Path cluster = cluster();
    Path passwordFile = cluster.resolveSibling("initdb.password");
    try {
      Files.createDirectories(cluster);
      Files.writeString(passwordFile, password());
      ownedByServer(cluster);
      ownedByServer(passwordFile);
      home.report("creating the PostgreSQL cluster of " + name() + " in " + cluster);
      ToolRun.check(
          "initdb",
          asOwner(
              List.of(
                  tools.postgres("initdb").toString(),
                  "-D",
                  cluster.toString(),
                  "-U",
                  USER,
                  "--pwfile=" + passwordFile,
                  "--auth=scram-sha-256",
                  "-E",
                  "UTF8",
                  "--locale=C")),
          Map.of(),
          log(),
          Duration.ofMinutes(2));
    } catch (IOException e) {
      throw new UncheckedIOException("could not prepare " + cluster, e);
    } finally {
      passwordFile.toFile().delete();
    }
  }

  /** A name of the data folder's path that no other path shares. */
  private static String folderName(Path data) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(data.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** {@code command} as the owner of the cluster: unchanged, or as {@value #OS_USER} for root. */
  private static List<String> asOwner(List<String> command) {
    if (!runningAsRoot()) {
      return command;
    }
    List<String> argv =
        new ArrayList<>(
            List.of(
                SETPRIV.toString(),
                "--reuid=" + OS_USER,
                "--regid=" + OS_USER,
                "--init-groups",
                "--"));
    argv.addAll(command);
    return argv;
  }

  private static void ownedByServer(Path path) throws IOException {
    if (!runningAsRoot()) {
      return;
    }
    UserPrincipalLookupService users = path.getFileSystem().getUserPrincipalLookupService();
    PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
    try {
      view.setOwner(users.lookupPrincipalByName(OS_USER));
      view.setGroup(users.lookupPrincipalByGroupName(OS_USER));
    } catch (UserPrincipalNotFoundException e) {
      throw new StackException(
          "PostgreSQL refuses to run as root and there is no '"
              + OS_USER
              + "' user to run it as; install Debian's postgresql package (./chorus does)",
          e);
    }
  }

  static boolean runningAsRoot() {
    try {
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (IOException | UnsupportedOperationException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }
}
