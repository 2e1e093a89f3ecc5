package dev.chorus.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    description = {
      "Follow a run live: its steps as they are dispatched and finish, and its agents' progress and partial",
      "output, from the run's start (a run that has ended is replayed) until it ends.",
      "Reads the gateway's GET /api/v1/runs/{runId}/stream. Exits 1 unless the run completed."
    })
final class WatchCommand implements Callable<Integer> {

  @Parameters(index = "0", description = "the run's id (a child run's id with its '/')")
  String runId;

  @Option(
      names = "--api-key",
      description = "an API key of the viewer role or above, for a gateway that requires one")
  String apiKey;

  @Override
  public Integer call() throws Exception {
    LocalStack stack = LocalStack.fromEnvironment();
    String status = new RunWatcher(stack.gatewayUrl(), apiKey, System.out).watch(runId);
    if (!"COMPLETED".equals(status)) {
      throw new ChorusCommand.CommandFailed("run " + runId + " ended " + status);
    }
    return 0;
  }
}
