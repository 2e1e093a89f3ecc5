package dev.chorus.stack;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

/**
 * The production-shaped engine: the Temporal server on a PostgreSQL cluster of the stack's own,
 * with PostgreSQL as its SQL visibility store too. Starting it starts the cluster, brings the
 * Temporal schemas to the server's version, starts the server, and creates the namespace and
 * Chorus's search attributes, as the dev server's flags do for it. The server has no Web UI.
 */
public final class PostgresTemporal implements TemporalEngine {

  /** How long the namespace keeps closed runs: the {@code temporal} CLI's default. */
  static final Duration RETENTION = Duration.ofDays(3);

  private final StackHome home;
  private final Tools tools;
  private final PostgresServer postgres;
  private final TemporalServer server;

  /**
   * @param name the Temporal server's component name; the cluster's is {@code <name>-postgres}
   */
  public PostgresTemporal(
      StackHome home, String name, Tools tools, int postgresPort, TemporalServerPorts ports) {
    this.home = home;
    this.tools = tools;
    this.postgres = new PostgresServer(home, name + "-postgres", tools, postgresPort);
    this.server =
        new TemporalServer(
            home,
            name,
            tools,
            new TemporalServerConfig(
                ports, postgresPort, PostgresServer.USER, postgres.password()));
  }

  public PostgresServer postgres() {
    return postgres;
  }

  @Override
  public String address() {
    return server.address();
  }

  @Override
  public String uiUrl() {
    return null;
  }

  @Override
  public boolean start() {
    postgres.start();
    if (!server.running()) {
      new TemporalSchema(
              GoProgram.TEMPORAL_SQL_TOOL.installed(tools),
              postgres.port(),
              PostgresServer.USER,
              postgres.password(),
              home.log(server.name() + "-schema"))
          .migrate();
    }
    boolean started = server.start();
    try (TemporalProbe probe = new TemporalProbe(address(), NAMESPACE)) {
      probe.ensureNamespace(RETENTION);
      probe.ensureSearchAttributes();
    }
    return started;
  }

  @Override
  public void stop() {
    server.stop();
    postgres.stop();
  }

  @Override
  public OptionalLong pid() {
    return server.pid();
  }

  @Override
  public List<Component> components() {
    return List.of(postgres, server);
  }
}
