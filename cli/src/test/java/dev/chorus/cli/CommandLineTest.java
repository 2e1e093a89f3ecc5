package dev.chorus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

class CommandLineTest {

  /** Every command the command line has had, with its subcommands. */
  static List<List<String>> commands() {
    return List.of(
        List.of("up"),
        List.of("down"),
        List.of("status"),
        List.of("logs"),
        List.of("demo"),
        List.of("agents"),
        List.of("test"),
        List.of("docs"),
        List.of("dead-letters"),
        List.of("dead-letters", "list"),
        List.of("dead-letters", "redrive"),
        List.of("dead-letters", "discard"),
        List.of("bench"),
        List.of("api-keys"),
        List.of("api-keys", "list"),
        List.of("api-keys", "create"),
        List.of("api-keys", "revoke"),
        List.of("build"));
  }

  @ParameterizedTest
  @MethodSource("commands")
  void everyCommandDescribesItselfWithHelp(List<String> command) {
    Result result = run(command, "--help");
    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .contains("Usage: chorus " + String.join(" ", command))
        .contains("-h, --help");
    String description =
        result.out().lines().skip(1).filter(l -> !l.isBlank()).findFirst().orElse("");
    assertThat(description).as("first line after the usage of %s", command).isNotBlank();
  }

  @Test
  void helpListsEveryCommandAndEveryVariable() {
    Result result = run(List.of("help"));
    assertThat(result.exitCode()).isZero();
    commands().stream()
        .filter(c -> c.size() == 1)
        .forEach(c -> assertThat(result.out()).contains("  " + c.get(0)));
    CliSettings.ALL.forEach(v -> assertThat(result.out()).contains(v.name()));
  }

  @Test
  void benchHandsItsOptionsOverAsTheyAre() {
    CommandLine.ParseResult parsed =
        ChorusCommand.commandLine()
            .parseArgs("bench", "store", "--runs=40", "--variant=top=ceiling:signal-concurrency=4");

    assertThat(((BenchCommand) parsed.subcommand().commandSpec().userObject()).arguments)
        .containsExactly("store", "--runs=40", "--variant=top=ceiling:signal-concurrency=4");
  }

  @Test
  void benchTakesTheEngineAndHandsTheRestOver() {
    CommandLine.ParseResult parsed =
        ChorusCommand.commandLine().parseArgs("bench", "store", "--temporal=postgres", "--runs=40");

    BenchCommand bench = (BenchCommand) parsed.subcommand().commandSpec().userObject();
    assertThat(bench.engine.engine).isEqualTo("postgres");
    assertThat(bench.arguments).containsExactly("store", "--runs=40");
  }

  @Test
  void anUnknownEngineIsRefusedBeforeAnythingStarts() {
    Result result = run(List.of("up", "--temporal=sqlite"));
    assertThat(result.exitCode()).isEqualTo(CommandLine.ExitCode.SOFTWARE);
    assertThat(result.err())
        .contains("CHORUS_TEMPORAL_ENGINE must be dev or postgres but was 'sqlite'");
  }

  @Test
  void anUnknownCommandIsAUsageError() {
    Result result = run(List.of("launch"));
    assertThat(result.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(result.err()).contains("Unmatched argument").contains("launch");
  }

  @Test
  void aBadRoleIsRefusedBeforeRedisIsAsked() {
    Result result = run(List.of("api-keys", "create", "ci", "root"));
    assertThat(result.exitCode()).isEqualTo(CommandLine.ExitCode.SOFTWARE);
    assertThat(result.err()).contains("role must be viewer, operator or admin but was 'root'");
  }

  private static Result run(List<String> command, String... more) {
    CommandLine commandLine = ChorusCommand.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    java.io.PrintStream systemErr = System.err;
    java.io.ByteArrayOutputStream console = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(console, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      List<String> args = new java.util.ArrayList<>(command);
      args.addAll(List.of(more));
      int code = commandLine.execute(args.toArray(String[]::new));
      return new Result(
          code, out.toString(), err + console.toString(java.nio.charset.StandardCharsets.UTF_8));
    } finally {
      System.setErr(systemErr);
    }
  }

  private record Result(int exitCode, String out, String err) {}
}
