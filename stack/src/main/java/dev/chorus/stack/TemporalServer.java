package dev.chorus.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

/**
 * The Temporal server itself ({@link GoProgram#TEMPORAL_SERVER}), all four services in one process,
 * on the configuration Chorus writes into its data folder before every start. It has no Web UI.
 * Healthy once its frontend answers; the namespace is created by {@link PostgresTemporal}.
 */
final class TemporalServer extends Component {

  /** The configuration's name: {@code <data>/config/chorus.yaml}. */
  private static final String ENVIRONMENT = "chorus";

  private final Tools tools;
  private final TemporalServerConfig config;

  TemporalServer(StackHome home, String name, Tools tools, TemporalServerConfig config) {
    super(home, name);
    this.tools = tools;
    this.config = config;
  }

  String address() {
    return "127.0.0.1:" + config.ports().frontend().grpc();
  }

  @Override
  protected List<String> command() {
    return List.of(
        GoProgram.TEMPORAL_SERVER.installed(tools).toString(),
        "--root",
        home.data(name()).toString(),
        "--config",
        "config",
        "--env",
        ENVIRONMENT,
        // Loopback only, as the dev server; a shared deployment configures an authorizer.
        "--allow-no-auth",
        "start");
  }

  @Override
  protected void beforeStart() {
    TemporalServerPorts ports = config.ports();
    Ports.requireFree(ports.frontend().grpc(), name() + " frontend", "its port setting");
    for (int port :
        List.of(
            ports.http(),
            ports.history().grpc(),
            ports.matching().grpc(),
            ports.worker().grpc(),
            ports.frontend().membership(),
            ports.history().membership(),
            ports.matching().membership(),
            ports.worker().membership())) {
      Ports.requireFree(port, name(), "its frontend port setting, which the others follow");
    }
    writeConfig();
  }

  /** Mode 0600: the file holds the database password. */
  private void writeConfig() {
    Path file = home.data(name()).resolve("config").resolve(ENVIRONMENT + ".yaml");
    try {
      Files.createDirectories(file.getParent());
      Files.deleteIfExists(file);
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, config.yaml());
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + file, e);
    }
  }

  @Override
  protected boolean healthy() {
    try (TemporalProbe probe = new TemporalProbe(address(), TemporalEngine.NAMESPACE)) {
      probe.answers();
      return true;
    }
  }

  @Override
  protected Duration startupDeadline() {
    // The first start may build the server from source (GoProgram) before it runs: command() does
    // that, before this deadline begins. What remains is the services joining their ring.
    return Duration.ofSeconds(90);
  }
}
