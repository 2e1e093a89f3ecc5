package dev.chorus.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "test",
    mixinStandardHelpOptions = true,
    description = {
      "Run every test: 'mvn -B verify' with the given Maven arguments.",
      "Each test starts the real servers it needs (Temporal dev server, Redis, Prometheus, agents) on free ports",
      "and stops them; the dev stack is not touched. One end-to-end test:",
      "  ./chorus test -pl e2e-tests -am -Dit.test=DemoPipelineIT"
    })
final class TestCommand implements Callable<Integer> {

  @Parameters(
      arity = "0..*",
      paramLabel = "maven-argument",
      description = "passed to mvn after 'verify'")
  List<String> mavenArguments = new ArrayList<>();

  @Override
  public Integer call() throws IOException, InterruptedException {
    List<String> arguments = new ArrayList<>(List.of("-B", "verify"));
    arguments.addAll(mavenArguments);
    return Maven.run(LocalStack.fromEnvironment().tools, arguments);
  }
}
