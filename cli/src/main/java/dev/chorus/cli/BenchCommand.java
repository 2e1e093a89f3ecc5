package dev.chorus.cli;

import dev.chorus.stack.TemporalEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Drive load through the bridge, through plain Temporal activities and through the engine's ceiling for",
      "the bridge's design, side by side. Starts Temporal and Redis if needed; prints the table and writes JSON to",
      ".data/bench/. Presets: steps (default, a few minutes), scale (1,000 runs at once), park (runs waiting at once),",
      "store (dev servers on a SQLite file in WAL and in rollback-journal mode and in memory, and the Temporal server on",
      "PostgreSQL), scaling (a burst and a ramp of tasks served by one fixed agent, by agents scaled on Chorus's",
      "scale signal and by push delivery; see docs/scaling.md). --temporal=dev|postgres chooses the local Temporal",
      "the other presets run on. Options are --key=value (see docs/performance.md)."
    })
final class BenchCommand implements Callable<Integer> {

  @Mixin EngineOption engine;

  static final Path JAR = Path.of("bench/target/chorus-bench-exec.jar");

  @Parameters(
      arity = "0..*",
      paramLabel = "preset-and-options",
      description = "[preset] [--key=value ...]")
  List<String> arguments = new ArrayList<>();

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (engine.engine != null && engine.engine.contains(":")) {
      // The benchmark's own --temporal=<address> (docs/performance.md), not an engine.
      arguments.add("--temporal=" + engine.engine);
      engine.engine = null;
    }
    LocalStack stack = engine.stack();
    stack.startServers();
    if (stack.chorus().running()) {
      Console.warn(
          "the Chorus application is running: its bridge shares the reply stream with the benchmark's and adds"
              + " load; './chorus down' first for clean figures");
    }
    if (arguments.isEmpty() || !arguments.get(0).equals("store")) {
      return runBench(stack, arguments);
    }
    try (StoreBench stores = StoreBench.start(stack)) {
      List<String> benchArguments = new ArrayList<>(List.of("steps"));
      benchArguments.addAll(stores.variants());
      benchArguments.addAll(arguments.subList(1, arguments.size()));
      return runBench(stack, benchArguments);
    }
  }

  private static int runBench(LocalStack stack, List<String> arguments)
      throws IOException, InterruptedException {
    Path jar = stack.tools.checkout().resolve(JAR);
    if (!Files.isRegularFile(jar)) {
      throw new ChorusCommand.CommandFailed(JAR + " is missing; build it with ./chorus build");
    }
    List<String> command =
        new ArrayList<>(
            List.of(
                stack.settings.get(CliSettings.BENCH_JAVA),
                "-Xmx" + stack.settings.get(CliSettings.BENCH_HEAP),
                "-jar",
                jar.toString()));
    command.addAll(arguments);
    ProcessBuilder bench =
        new ProcessBuilder(command).directory(stack.tools.checkout().toFile()).inheritIO();
    bench.environment().put("CHORUS_TEMPORAL_ADDRESS", stack.settings.temporalAddress());
    bench.environment().put("CHORUS_REDIS_URI", stack.redisUri());
    TemporalEngine temporal = stack.temporal();
    if (temporal != null) {
      temporal
          .pid()
          .ifPresent(
              pid -> bench.environment().put("CHORUS_BENCH_TEMPORAL_PID", Long.toString(pid)));
    }
    return bench.start().waitFor();
  }
}
