package dev.chorus.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(
    name = "down",
    mixinStandardHelpOptions = true,
    description = {
      "Stop exactly the processes 'up' started.",
      "They are found by their PID files under .data/pids (agents, chorus, redis, temporal, prometheus);",
      "nothing else on the machine is touched, and servers given by CHORUS_TEMPORAL_ADDRESS or CHORUS_REDIS_URI are left alone."
    })
final class DownCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    LocalStack.fromEnvironment().down();
    Console.info("stopped");
    return 0;
  }
}
