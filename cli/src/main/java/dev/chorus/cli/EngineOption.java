package dev.chorus.cli;

import dev.chorus.stack.Tools;
import picocli.CommandLine.Option;

/** {@code --temporal=<engine>}: the local Temporal for one command, as CHORUS_TEMPORAL_ENGINE. */
final class EngineOption {

  @Option(
      names = "--temporal",
      paramLabel = "engine",
      description =
          "dev: the Temporal dev server (SQLite, Web UI); postgres: the Temporal server on a PostgreSQL cluster"
              + " of the stack's own (no Web UI). Default: CHORUS_TEMPORAL_ENGINE, else dev.")
  String engine;

  /** The local stack of the environment, with this command's engine if it names one. */
  LocalStack stack() {
    CliSettings settings = CliSettings.fromEnvironment();
    if (engine != null) {
      settings = settings.with(CliSettings.TEMPORAL_ENGINE, engine);
    }
    // An unknown engine is refused here, before anything starts.
    settings.postgresEngine();
    return new LocalStack(settings, Tools.locate());
  }
}
