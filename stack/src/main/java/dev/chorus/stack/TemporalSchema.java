package dev.chorus.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Creates the Temporal server's two databases and brings their schemas to the server's version,
 * with the server's own schema tool and the schemas built into it. Every step is idempotent (an
 * existing database is kept, a schema at the latest version is left alone), so it runs before every
 * start of the server: a newer server version finds its schema updated.
 */
final class TemporalSchema {

  /** A database and the schema built into the tool that it gets. */
  private record Database(String name, String schema) {}

  private static final List<Database> DATABASES =
      List.of(
          new Database(TemporalServerConfig.DATABASE, "postgresql/v12/temporal"),
          new Database(TemporalServerConfig.VISIBILITY_DATABASE, "postgresql/v12/visibility"));

  private static final Duration STEP_LIMIT = Duration.ofMinutes(2);

  private final Path tool;
  private final Map<String, String> connection;
  private final Path log;

  TemporalSchema(Path tool, int port, String user, String password, Path log) {
    this.tool = tool;
    this.connection =
        Map.of(
            "SQL_PLUGIN",
            TemporalServerConfig.SQL_PLUGIN,
            "SQL_HOST",
            "127.0.0.1",
            "SQL_PORT",
            Integer.toString(port),
            "SQL_USER",
            user,
            "SQL_PASSWORD",
            password);
    this.log = log;
  }

  /** The tool's command lines, in order, for every database. */
  List<List<String>> steps() {
    List<List<String>> steps = new ArrayList<>();
    for (Database database : DATABASES) {
      steps.add(step(database, "create-database"));
      // Version 0.0: the versioning tables only, which update-schema then fills from v1.0 up.
      steps.add(step(database, "setup-schema", "-v", "0.0"));
      steps.add(step(database, "update-schema", "--schema-name", database.schema()));
    }
    return steps;
  }

  void migrate() {
    for (List<String> step : steps()) {
      ToolRun.check("the Temporal schema tool", step, connection, log, STEP_LIMIT);
    }
  }

  private List<String> step(Database database, String... command) {
    List<String> step = new ArrayList<>(List.of(tool.toString(), "--db", database.name()));
    step.addAll(List.of(command));
    return step;
  }
}
