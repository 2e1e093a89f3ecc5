package dev.chorus.stack;

import dev.chorus.pipeline.RunSearchAttributes;
import io.temporal.common.SearchAttributeKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Temporal dev server of the {@code temporal} CLI: a real Temporal server with its Web UI, on a
 * SQLite store that is a file (kept across restarts) or in memory. Chorus's search attributes are
 * registered by its flags at every start.
 */
public final class TemporalDevServer extends Component implements TemporalEngine {

  private final Tools tools;
  private final TemporalPorts ports;
  private final Path database;
  private final boolean writeAheadLog;

  /**
   * @param database the SQLite file, or null to keep the store in memory (gone with the process)
   */
  public TemporalDevServer(
      StackHome home, String name, Tools tools, TemporalPorts ports, Path database) {
    this(home, name, tools, ports, database, false);
  }

  /**
   * @param writeAheadLog run the SQLite file in WAL mode with {@code synchronous=normal}: about
   *     twice the throughput of SQLite's default rollback journal (docs/performance.md). A kill -9
   *     of the server loses nothing; a crash of the operating system or the machine may lose the
   *     last transactions, which the default journal would have kept.
   */
  public TemporalDevServer(
      StackHome home,
      String name,
      Tools tools,
      TemporalPorts ports,
      Path database,
      boolean writeAheadLog) {
    super(home, name);
    this.tools = tools;
    this.ports = ports;
    this.database = database;
    this.writeAheadLog = writeAheadLog;
  }

  @Override
  public String address() {
    return "127.0.0.1:" + ports.frontend();
  }

  @Override
  public String uiUrl() {
    return ports.ui() == 0 ? null : "http://localhost:" + ports.ui();
  }

  @Override
  public List<Component> components() {
    return List.of(this);
  }

  @Override
  protected List<String> command() {
    List<String> command =
        new ArrayList<>(
            List.of(
                tools.temporal().toString(),
                "server",
                "start-dev",
                "--ip",
                "127.0.0.1",
                "--port",
                Integer.toString(ports.frontend()),
                "--http-port",
                Integer.toString(ports.http()),
                "--namespace",
                NAMESPACE,
                "--log-level",
                "warn"));
    if (ports.metrics() != 0) {
      command.addAll(List.of("--metrics-port", Integer.toString(ports.metrics())));
    }
    if (ports.ui() == 0) {
      command.add("--headless");
    } else {
      command.addAll(List.of("--ui-port", Integer.toString(ports.ui())));
    }
    if (database != null) {
      command.addAll(List.of("--db-filename", database.toString()));
      if (writeAheadLog) {
        command.addAll(
            List.of(
                "--sqlite-pragma", "journal_mode=wal", "--sqlite-pragma", "synchronous=normal"));
      }
    }
    for (SearchAttributeKey<?> key : RunSearchAttributes.ALL) {
      command.addAll(List.of("--search-attribute", key.getName() + "=" + typeName(key)));
    }
    return command;
  }

  private static String typeName(SearchAttributeKey<?> key) {
    return switch (key.getValueType()) {
      case INDEXED_VALUE_TYPE_KEYWORD -> "Keyword";
      case INDEXED_VALUE_TYPE_TEXT -> "Text";
      case INDEXED_VALUE_TYPE_INT -> "Int";
      case INDEXED_VALUE_TYPE_DOUBLE -> "Double";
      case INDEXED_VALUE_TYPE_BOOL -> "Bool";
      case INDEXED_VALUE_TYPE_DATETIME -> "Datetime";
      case INDEXED_VALUE_TYPE_KEYWORD_LIST -> "KeywordList";
      default ->
          throw new IllegalArgumentException(
              "search attribute " + key.getName() + " has no dev-server type");
    };
  }

  @Override
  protected void beforeStart() {
    Ports.requireFree(ports.frontend(), name() + " frontend", "its port setting");
    if (ports.ui() != 0) {
      Ports.requireFree(ports.ui(), name() + " Web UI", "its UI port setting");
    }
  }

  @Override
  protected boolean healthy() {
    try (TemporalProbe probe = new TemporalProbe(address(), NAMESPACE)) {
      probe.check();
      return true;
    }
  }
}
