package dev.chorus.cli;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(
    name = "build",
    mixinStandardHelpOptions = true,
    description = "mvn -B -DskipTests package: every jar, tests not run.")
final class BuildCommand implements Callable<Integer> {

  @Override
  public Integer call() throws IOException, InterruptedException {
    return Maven.run(LocalStack.fromEnvironment().tools, List.of("-B", "-DskipTests", "package"));
  }
}
