package dev.chorus.cli;

import dev.chorus.stack.Component;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "logs",
    mixinStandardHelpOptions = true,
    description = {
      "Show the logs of one component or all.",
      "The last 100 lines, followed when a person watches (on a terminal). Earlier starts' logs are kept",
      "beside each as <name>.log.1, .2, ..."
    })
final class LogsCommand implements Callable<Integer> {

  @Parameters(
      arity = "0..1",
      paramLabel = "component",
      description =
          "temporal (temporal-server and temporal-server-postgres on the postgres engine), redis, chorus, prometheus, agent-<name> or just the agent's name; all when omitted")
  String component;

  @Override
  public Integer call() throws IOException, InterruptedException {
    LocalStack stack = LocalStack.fromEnvironment();
    List<String> files = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (Component c : stack.components()) {
      names.add(c.name());
      boolean wanted =
          component == null || c.name().equals(component) || c.name().equals("agent-" + component);
      if (wanted && Files.exists(c.log())) {
        files.add(c.log().toString());
      }
    }
    if (files.isEmpty()) {
      throw new ChorusCommand.CommandFailed(
          component == null
              ? "no logs yet under .data/logs; run ./chorus up first"
              : "no log for '" + component + "'; components: " + String.join(" ", names));
    }
    List<String> tail = new ArrayList<>(List.of("tail", "-n", "100"));
    if (System.console() != null) {
      tail.add("-F");
    }
    tail.addAll(files);
    return new ProcessBuilder(tail).inheritIO().start().waitFor();
  }
}
