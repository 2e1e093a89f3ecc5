package dev.chorus.cli;

import dev.chorus.stack.StackException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./chorus}: run, inspect and test the local Chorus stack. */
@Command(
    name = "chorus",
    mixinStandardHelpOptions = true,
    versionProvider = ChorusCommand.Version.class,
    description = "Run, inspect and test the local Chorus stack.",
    subcommands = {
      UpCommand.class,
      DownCommand.class,
      StatusCommand.class,
      LogsCommand.class,
      DemoCommand.class,
      WatchCommand.class,
      AgentsCommand.class,
      TestCommand.class,
      DocsCommand.class,
      DeadLettersCommand.class,
      BenchCommand.class,
      ApiKeysCommand.class,
      AgentCredentialsCommand.class,
      BuildCommand.class,
      CommandLine.HelpCommand.class
    },
    footerHeading = "%nEnvironment (default in brackets):%n",
    footer = {
      "%s",
      "State lives in .data/ (Temporal db, Redis AOF, logs, PID files), tools in .tools/; deleting the state while",
      "the stack is down resets everything.",
      "Exit codes: 0 done, 1 failed (the message says what), 2 wrong usage."
    })
public final class ChorusCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /**
   * The command line with its error handling: a failure is one line naming what is wrong, exit 1.
   */
  static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new ChorusCommand()).setUsageHelpWidth(120);
    // The benchmark's --key=value options are its own (BenchOptions), handed over as they are.
    commandLine.getSubcommands().get("bench").setUnmatchedOptionsArePositionalParams(true);
    commandLine
        .getCommandSpec()
        .usageMessage()
        .footer(
            String.format(
                String.join("%n", commandLine.getCommandSpec().usageMessage().footer()),
                CliSettings.describe()));
    commandLine.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          if (e instanceof StackException
              || e instanceof IllegalArgumentException
              || e instanceof CommandFailed) {
            Console.error(e.getMessage());
            return CommandLine.ExitCode.SOFTWARE;
          }
          throw e;
        });
    return commandLine;
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** A command that could not do its job; its message says why. */
  static final class CommandFailed extends RuntimeException {
    CommandFailed(String message) {
      super(message);
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = ChorusCommand.class.getPackage().getImplementationVersion();
      return new String[] {"chorus " + (version == null ? "(development build)" : version)};
    }
  }
}
