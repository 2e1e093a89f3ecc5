package dev.chorus.protocol;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Redis keys of the agent registry. Agents in any language write them with the commands listed in
 * docs/agent-protocol.md; Chorus reads them to route steps.
 *
 * <p>Each agent has one key of its own, named by its capability and id, so a Redis ACL key pattern
 * can give an agent its own entry and nothing else (docs/architecture.md, "Trust model").
 */
public final class RegistryKeys {

  /** Prefix of every agent's hash: {@code chorus:agent:<capability>:<agentId>}. */
  public static final String AGENT_PREFIX = "chorus:agent:";

  /** SCAN pattern of every agent's hash. */
  public static final String AGENT_PATTERN = AGENT_PREFIX + "*";

  /** Field of an agent's hash holding its lease expiry (epoch milliseconds). */
  public static final String LEASE_FIELD = "lease";

  /** Optional field of an agent's hash: its capability's input JSON Schema, as JSON text. */
  public static final String INPUT_SCHEMA_FIELD = "inputSchema";

  /** Optional field of an agent's hash: its capability's output JSON Schema, as JSON text. */
  public static final String OUTPUT_SCHEMA_FIELD = "outputSchema";

  /** Most bytes (UTF-8) of one published schema; a larger one counts as not published. */
  public static final int MAX_SCHEMA_BYTES = 64 * 1024;

  /** Counter bumped on every change of membership or state, so a cache can tell it is stale. */
  public static final String VERSION = "chorus:registry:version";

  /** Pub/sub channel told the agent id on every change, so caches drop their copy at once. */
  public static final String CHANGES = "chorus:registry:changes";

  /**
   * What an agent id may be: it becomes part of a key and of an ACL key pattern, so no glob
   * characters ({@code * ? [ ] \}), no blanks and no {@code :}.
   */
  private static final Pattern AGENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.@-]{0,127}");

  private RegistryKeys() {}

  /** Hash describing one agent: its capability, version, limits, labels, state and lease. */
  public static String agent(String capability, String agentId) {
    return AGENT_PREFIX + Capabilities.requireValidName(capability) + ":" + requireValidId(agentId);
  }

  /** Throws unless {@code agentId} can name a registry key (see {@link #AGENT_ID}). */
  public static String requireValidId(String agentId) {
    if (agentId == null || !AGENT_ID.matcher(agentId).matches()) {
      throw new IllegalArgumentException(
          "agent id '"
              + agentId
              + "' must be 1 to 128 letters, digits, '_', '.', '@' or '-', starting with a letter"
              + " or digit");
    }
    return agentId;
  }

  /** The capability and id an agent's key names, or empty for a key that is not one. */
  public static Optional<Owner> ownerOf(String key) {
    if (!key.startsWith(AGENT_PREFIX)) {
      return Optional.empty();
    }
    String rest = key.substring(AGENT_PREFIX.length());
    int colon = rest.indexOf(':');
    if (colon < 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new Owner(
              Capabilities.requireValidName(rest.substring(0, colon)),
              requireValidId(rest.substring(colon + 1))));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Whose entry a registry key is. */
  public record Owner(String capability, String agentId) {}
}
