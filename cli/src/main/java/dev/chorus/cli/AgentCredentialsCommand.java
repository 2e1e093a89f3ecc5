package dev.chorus.cli;

import dev.chorus.registry.credentials.AgentCredentials;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "agent-credentials",
    mixinStandardHelpOptions = true,
    description = {
      "Manage agents' Redis credentials: one Redis ACL user per agent, allowed only its capability's tasks,",
      "its replies and its own registry entry. 'create' prints the URI to give the agent as CHORUS_REDIS_URI,",
      "the only time its password is shown. Without a subcommand: the list."
    },
    subcommands = {
      AgentCredentialsCommand.ListUsers.class,
      AgentCredentialsCommand.Create.class,
      AgentCredentialsCommand.Revoke.class
    })
final class AgentCredentialsCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    return new ListUsers().call();
  }

  static AgentCredentials credentials(LocalStack stack, RedisSession redis) {
    return new AgentCredentials(redis.commands(), stack.agentRedisAddress());
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Every agent user: its name, capability and agent id (never its password).")
  static final class ListUsers implements Callable<Integer> {
    @Override
    public Integer call() {
      LocalStack stack = LocalStack.fromEnvironment();
      try (RedisSession redis = new RedisSession(stack.redisUri())) {
        List<List<String>> rows = new ArrayList<>();
        credentials(stack, redis)
            .list()
            .forEach(u -> rows.add(List.of(u.user(), u.capability(), u.agentId())));
        Console.table(List.of("USER", "CAPABILITY", "AGENT ID"), rows);
      }
      return 0;
    }
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description =
          "Create an agent's user (or give it a new password) and print its Redis URI, the only time it is shown.")
  static final class Create implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "capability", description = "e.g. text.keywords")
    String capability;

    @Option(
        names = "--agent-id",
        paramLabel = "id",
        description =
            "the id the agent registers under (CHORUS_AGENT_ID): [A-Za-z0-9][A-Za-z0-9_.@-]{0,127};"
                + " default <capability>-<8 random hex digits>")
    String agentId;

    @Override
    public Integer call() {
      String id =
          agentId != null
              ? agentId
              : capability
                  + "-"
                  + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
      LocalStack stack = LocalStack.fromEnvironment();
      try (RedisSession redis = new RedisSession(stack.redisUri())) {
        AgentCredentials.Credential credential = credentials(stack, redis).create(capability, id);
        System.out.println(
            "Redis user '"
                + credential.user()
                + "' for agent '"
                + id
                + "' of "
                + capability
                + "; run the agent with CHORUS_AGENT_ID="
                + id
                + " and CHORUS_REDIS_URI set to (shown only now):");
        System.out.println(credential.uri());
      }
      return 0;
    }
  }

  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description = "Delete an agent's user; its open connections are closed at once.")
  static final class Revoke implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "user", description = "as 'list' shows it")
    String user;

    @Override
    public Integer call() {
      LocalStack stack = LocalStack.fromEnvironment();
      try (RedisSession redis = new RedisSession(stack.redisUri())) {
        if (!credentials(stack, redis).revoke(user)) {
          throw new ChorusCommand.CommandFailed("no agent user named '" + user + "'");
        }
      }
      System.out.println("revoked '" + user + "'");
      return 0;
    }
  }
}
