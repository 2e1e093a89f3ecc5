package dev.chorus.registry.credentials;

import dev.chorus.protocol.Capabilities;
import dev.chorus.protocol.RegistryKeys;
import dev.chorus.protocol.Streams;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Redis ACL user per agent, allowed exactly what the agent protocol needs and nothing else
 * (docs/architecture.md, "Trust model"): reading, claiming and acknowledging its capability's task
 * streams of every major, appending replies, progress and its capability's task dead letters (write
 * only), its own registry entry, the registry's change counter and change channel. Other
 * capabilities' streams, other agents' entries, definitions, API keys and every stream's contents
 * beyond its own tasks are out of its reach: Redis answers NOPERM.
 *
 * <p>Users are named {@code agent_<capability>_<agentId>}: a capability has no {@code _}, so the
 * name says whose it is; a {@code :} cannot be part of a user name in a Redis URI. Each change is
 * saved with ACL SAVE when Redis keeps its users in an {@code aclfile} (the local stack's does), so
 * credentials survive a restart; a Redis without one keeps them until it restarts, and a deployment
 * provisions users on every node or through its managed Redis's user API instead.
 */
public final class AgentCredentials {

  /** The start of every agent user's name. */
  public static final String USER_PREFIX = "agent_";

  private static final Logger log = LoggerFactory.getLogger(AgentCredentials.class);
  private static final int PASSWORD_BYTES = 32;

  private final RedisCommands<String, String> redis;
  private final URI server;
  private final SecureRandom random = new SecureRandom();

  /**
   * @param redis a connection of a user allowed to manage ACL users (the application's)
   * @param redisUri where agents connect, put into the URIs handed out; its scheme ({@code redis}
   *     or {@code rediss}), host, port and database are kept, its credentials dropped
   */
  public AgentCredentials(RedisCommands<String, String> redis, String redisUri) {
    this.redis = redis;
    this.server = withoutUserInfo(redisUri);
  }

  /** A new agent credential: the user, the agent id it registers under and the URI to connect. */
  public record Credential(String user, String capability, String agentId, String uri) {
    @Override
    public String toString() {
      // The URI holds the password: never in a log line by accident.
      return "Credential[user="
          + user
          + ", capability="
          + capability
          + ", agentId="
          + agentId
          + "]";
    }
  }

  /** An agent user as {@link #list} shows it: never its password. */
  public record User(String user, String capability, String agentId) {}

  /**
   * Creates the user of {@code agentId} serving {@code capability}, or gives it a new password when
   * it exists (connections already open stay open; revoke cuts them).
   */
  public Credential create(String capability, String agentId) {
    Capabilities.requireValidName(capability);
    RegistryKeys.requireValidId(agentId);
    String user = userName(capability, agentId);
    String password = password();
    List<String> arguments =
        new ArrayList<>(List.of("SETUSER", user, "reset", "on", ">" + password));
    arguments.addAll(permissions(capability, agentId));
    acl(arguments);
    save();
    log.info("agent credentials {} created", user);
    return new Credential(user, capability, agentId, uri(user, password));
  }

  /** Every agent user, by name. */
  public List<User> list() {
    return redis.aclUsers().stream()
        .map(AgentCredentials::parse)
        .flatMap(Optional::stream)
        .sorted(java.util.Comparator.comparing(User::user))
        .toList();
  }

  /**
   * Switches the user off (no new connection can log in), closes its connections, then deletes it.
   * False when there is no agent user of that name.
   */
  public boolean revoke(String user) {
    if (parse(user).isEmpty() || !redis.aclUsers().contains(user)) {
      return false;
    }
    acl(List.of("SETUSER", user, "off"));
    redis.dispatch(
        CommandType.CLIENT,
        new io.lettuce.core.output.IntegerOutput<>(StringCodec.UTF8),
        new CommandArgs<>(StringCodec.UTF8).add("KILL").add("USER").add(user));
    redis.aclDeluser(user);
    save();
    log.info("agent credentials {} revoked", user);
    return true;
  }

  /** The user name of an agent: {@code agent_<capability>_<agentId>}. */
  public static String userName(String capability, String agentId) {
    return USER_PREFIX + capability + "_" + agentId;
  }

  /**
   * The ACL rules of an agent's user, after {@code reset}: root permissions for what it appends
   * (write only), one selector per kind of key it reads or changes, each with only the commands the
   * protocol uses there. A command is allowed when the root or one selector allows both the command
   * and all its keys, so XADD into a task stream is refused: XADD is allowed only on the root's
   * write-only keys, and the task streams' selector does not allow XADD.
   */
  static List<String> permissions(String capability, String agentId) {
    return List.of(
        "resetchannels",
        "&" + RegistryKeys.CHANGES,
        // Connection set-up and transactions; HELLO and AUTH are always allowed.
        "+ping",
        "+client|setname",
        "+multi",
        "+exec",
        "+discard",
        "+publish",
        "+xadd",
        "%W~" + Streams.REPLIES,
        "%W~" + Streams.REPLIES + ":invoke:*",
        "%W~" + Streams.deadTasks(capability),
        "%W~" + Streams.PROGRESS,
        "(~"
            + Streams.TASKS_PREFIX
            + capability
            + ":v* +xreadgroup +xack +xclaim +xautoclaim +xpending +xgroup|create)",
        "(~" + RegistryKeys.agent(capability, agentId) + " +hset +hget +hgetall +del)",
        // INCR, or INCRBY 1 as some client libraries send it.
        "(~" + RegistryKeys.VERSION + " +incr +incrby)");
  }

  private static Optional<User> parse(String user) {
    if (!user.startsWith(USER_PREFIX)) {
      return Optional.empty();
    }
    String rest = user.substring(USER_PREFIX.length());
    int separator = rest.indexOf('_');
    if (separator < 0) {
      return Optional.empty();
    }
    return Optional.of(new User(user, rest.substring(0, separator), rest.substring(separator + 1)));
  }

  private void acl(List<String> arguments) {
    CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8);
    arguments.forEach(args::add);
    redis.dispatch(CommandType.ACL, new StatusOutput<>(StringCodec.UTF8), args);
  }

  /**
   * ACL SAVE, so the users outlive a restart. A Redis started without an {@code aclfile} cannot
   * save them; that is said once per change, not hidden.
   */
  private void save() {
    try {
      redis.aclSave();
    } catch (RedisCommandExecutionException e) {
      log.warn(
          "Redis could not save its ACL users ({}): agent credentials last until it restarts;"
              + " start it with an aclfile, or provision users through the deployment's own means",
          e.getMessage());
    }
  }

  private String password() {
    byte[] bytes = new byte[PASSWORD_BYTES];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private String uri(String user, String password) {
    StringBuilder uri =
        new StringBuilder(server.getScheme())
            .append("://")
            .append(encode(user))
            .append(':')
            .append(password)
            .append('@')
            .append(server.getRawAuthority());
    if (server.getRawPath() != null) {
      uri.append(server.getRawPath());
    }
    if (server.getRawQuery() != null) {
      uri.append('?').append(server.getRawQuery());
    }
    return uri.toString();
  }

  /** Percent-encodes what may not stand in a URI's user part, such as {@code @}. */
  private static String encode(String text) {
    StringBuilder out = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (Character.isLetterOrDigit(c) && c < 128 || "-._~".indexOf(c) >= 0) {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }

  private static URI withoutUserInfo(String redisUri) {
    RedisURI.create(redisUri); // refuses what Lettuce could not connect to
    URI uri = URI.create(redisUri);
    try {
      return new URI(
          uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), uri.getQuery(), null);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a Redis URI: " + redisUri, e);
    }
  }
}
