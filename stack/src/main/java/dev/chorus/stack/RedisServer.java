package dev.chorus.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Debian's {@code redis-server} on loopback with an append-only file fsynced every second, as
 * Chorus runs in production: a restart keeps every acknowledged write but the last second's.
 */
public final class RedisServer extends Component {

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

  /** {@code redis://127.0.0.1:<port>}. */
  public String uri() {
    return "redis://127.0.0.1:" + port;
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
