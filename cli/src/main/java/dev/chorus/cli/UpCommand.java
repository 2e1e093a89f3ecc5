package dev.chorus.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = {
      "Start the local stack and wait until every part is healthy.",
      "Starts what is missing of: the Temporal dev server, Redis, the Chorus application and the demo agents, then",
      "prints where each one is. Idempotent: parts that run are left alone."
    })
final class UpCommand implements Callable<Integer> {

  @Mixin EngineOption engine;

  @Option(
      names = "--with-prometheus",
      description =
          "Also start a Prometheus scraping Chorus with the alert rules of infra/prometheus (or CHORUS_PROMETHEUS=1).")
  boolean withPrometheus;

  @Override
  public Integer call() {
    LocalStack stack = engine.stack();
    stack.up(withPrometheus || stack.settings.prometheus());
    StatusCommand.printEndpoints(stack);
    return 0;
  }
}
