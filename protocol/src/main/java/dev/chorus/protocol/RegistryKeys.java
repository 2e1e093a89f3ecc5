package dev.chorus.protocol;

/**
 * Redis keys of the agent registry. Agents in any language write them with the commands listed in
 * docs/agent-protocol.md; Chorus reads them to route steps.
 */
public final class RegistryKeys {

  /** Sorted set of agent ids, scored by lease expiry (epoch milliseconds). */
  public static final String LEASES = "chorus:agents";

  /** Counter bumped on every change of membership or state, so a cache can tell it is stale. */
  public static final String VERSION = "chorus:registry:version";

  /** Pub/sub channel told the agent id on every change, so caches drop their copy at once. */
  public static final String CHANGES = "chorus:registry:changes";

  private RegistryKeys() {}

  /** Hash describing one agent: its capability, version, limits, labels and state. */
  public static String agent(String agentId) {
    return LEASES + ":" + agentId;
  }
}
