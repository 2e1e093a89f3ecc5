package dev.chorus.cli;

import dev.chorus.gateway.ApiKeys;
import dev.chorus.gateway.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "api-keys",
    mixinStandardHelpOptions = true,
    description = {
      "Manage the gateway's API keys.",
      "Kept in Redis as their SHA-256 only; 'create' prints the key once. Works with the API locked, so it makes",
      "the first admin key. Without a subcommand: the list."
    },
    subcommands = {
      ApiKeysCommand.ListKeys.class,
      ApiKeysCommand.Create.class,
      ApiKeysCommand.Revoke.class
    })
final class ApiKeysCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    return new ListKeys().call();
  }

  static ApiKeys keys(RedisSession redis) {
    // Keys given in the application's configuration are the application's to show; these are
    // Redis's.
    return new ApiKeys(redis.commands(), List.of());
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Every key kept in Redis: its name and role.")
  static final class ListKeys implements Callable<Integer> {
    @Override
    public Integer call() {
      try (RedisSession redis = RedisSession.fromEnvironment()) {
        List<List<String>> rows = new ArrayList<>();
        keys(redis).list().forEach(k -> rows.add(List.of(k.name(), k.role().label())));
        Console.table(List.of("NAME", "ROLE"), rows);
      }
      return 0;
    }
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Create a key and print it, the only time it is shown.")
  static final class Create implements Callable<Integer> {

    @Parameters(
        index = "0",
        paramLabel = "name",
        description = "who holds the key: [A-Za-z0-9][A-Za-z0-9._-]{0,127}")
    String name;

    @Parameters(index = "1", paramLabel = "role", description = "viewer, operator or admin")
    String role;

    @Override
    public Integer call() {
      if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}")) {
        throw new IllegalArgumentException(
            "name must match [A-Za-z0-9][A-Za-z0-9._-]{0,127} but was '" + name + "'");
      }
      Role parsed;
      try {
        parsed = Role.valueOf(role.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "role must be viewer, operator or admin but was '" + role + "'");
      }
      try (RedisSession redis = RedisSession.fromEnvironment()) {
        String key =
            keys(redis)
                .create(name, parsed)
                .orElseThrow(
                    () ->
                        new ChorusCommand.CommandFailed(
                            "an API key named '" + name + "' exists (revoke it first)"));
        System.out.println(
            "API key '"
                + name
                + "' ("
                + parsed.label()
                + "), shown only now; send it as the X-API-Key header:");
        System.out.println(key);
      }
      return 0;
    }
  }

  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description = "Revoke a key by its name.")
  static final class Revoke implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "name")
    String name;

    @Override
    public Integer call() {
      try (RedisSession redis = RedisSession.fromEnvironment()) {
        if (!keys(redis).revoke(name)) {
          throw new ChorusCommand.CommandFailed("no API key named '" + name + "'");
        }
      }
      System.out.println("revoked '" + name + "'");
      return 0;
    }
  }
}
