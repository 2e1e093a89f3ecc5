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
      "Run every test: 'mvn -B verify' with the given Maven arguments, then the Python SDK's tests",
      "(pytest of agent-sdk-python). Fails when either fails.",
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
    LocalStack stack = LocalStack.fromEnvironment();
    List<String> arguments = new ArrayList<>(List.of("-B", "verify"));
    arguments.addAll(mavenArguments);
    int maven = Maven.run(stack.tools, arguments);
    // Run even after a Maven failure, so one run reports on both.
    PythonTests.Result python = PythonTests.run(stack.tools);
    Console.info("mvn verify: " + (maven == 0 ? "passed" : "failed with exit code " + maven));
    Console.info("pytest " + PythonTests.FOLDER + ": " + python.closingLine());
    return maven != 0 ? maven : python.exitCode();
  }
}
