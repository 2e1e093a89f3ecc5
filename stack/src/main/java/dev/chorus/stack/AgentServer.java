package dev.chorus.stack;

import dev.chorus.protocol.RegistryKeys;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * An agent process in any language. It is ready once the registry holds its entry with a lease that
 * has not run out: the same fact the router reads, not a line in its log.
 */
public final class AgentServer extends Component {

  private final String agentId;
  private final List<String> command;
  private final Map<String, String> environment;
  private final String redisUri;

  /**
   * @param agentId the id the agent registers under ({@code CHORUS_AGENT_ID} is set to it)
   * @param redisUri the Redis the agent registers in ({@code CHORUS_REDIS_URI} is set to it)
   */
  public AgentServer(
      StackHome home,
      String name,
      String agentId,
      List<String> command,
      Map<String, String> environment,
      String redisUri) {
    super(home, name);
    this.agentId = agentId;
    this.command = List.copyOf(command);
    this.environment = Map.copyOf(environment);
    this.redisUri = redisUri;
  }

  public String agentId() {
    return agentId;
  }

  @Override
  protected List<String> command() {
    return command;
  }

  @Override
  protected Map<String, String> environment() {
    Map<String, String> all = new java.util.HashMap<>(environment);
    all.put("CHORUS_AGENT_ID", agentId);
    all.put("CHORUS_REDIS_URI", redisUri);
    return all;
  }

  @Override
  protected boolean healthy() throws IOException {
    return registered(redisUri, agentId);
  }

  /** Whether the registry holds {@code agentId} with a lease that has not run out. */
  public static boolean registered(String redisUri, String agentId) throws IOException {
    String expiry = RedisProbe.of(redisUri).call("ZSCORE", RegistryKeys.LEASES, agentId);
    return expiry != null && Double.parseDouble(expiry) > System.currentTimeMillis();
  }
}
