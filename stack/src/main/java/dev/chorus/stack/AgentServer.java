package dev.chorus.stack;

import dev.chorus.protocol.RegistryKeys;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * An agent process in any language. It is ready once the registry holds its entry with a lease that
 * has not run out: the same fact the router reads, not a line in its log. It connects with
 * credentials of its own, provisioned just before it starts, so a restart of the stack never
 * changes the password of an agent that is still running.
 */
public final class AgentServer extends Component {

  private final String capability;
  private final String agentId;
  private final List<String> command;
  private final Map<String, String> environment;
  private final String probeUri;
  private final Supplier<String> credentials;
  private String agentUri;

  /**
   * @param capability the capability it serves
   * @param agentId the id the agent registers under ({@code CHORUS_AGENT_ID} is set to it)
   * @param probeUri the Redis the registry is read from, with the application's credentials
   * @param credentials provisions the agent's own credentials and returns its Redis URI ({@code
   *     CHORUS_REDIS_URI} is set to it); asked only when the agent is started
   */
  public AgentServer(
      StackHome home,
      String name,
      String capability,
      String agentId,
      List<String> command,
      Map<String, String> environment,
      String probeUri,
      Supplier<String> credentials) {
    super(home, name);
    this.capability = capability;
    this.agentId = agentId;
    this.command = List.copyOf(command);
    this.environment = Map.copyOf(environment);
    this.probeUri = probeUri;
    this.credentials = credentials;
  }

  public String agentId() {
    return agentId;
  }

  @Override
  protected List<String> command() {
    return command;
  }

  @Override
  protected void beforeStart() {
    agentUri = credentials.get();
  }

  @Override
  protected Map<String, String> environment() {
    Map<String, String> all = new HashMap<>(environment);
    all.put("CHORUS_AGENT_ID", agentId);
    all.put("CHORUS_REDIS_URI", agentUri);
    return all;
  }

  @Override
  protected boolean healthy() throws IOException {
    return registered(probeUri, capability, agentId);
  }

  /** Whether the registry holds {@code agentId} of {@code capability} with a live lease. */
  public static boolean registered(String redisUri, String capability, String agentId)
      throws IOException {
    String expiry =
        RedisProbe.of(redisUri)
            .call("HGET", RegistryKeys.agent(capability, agentId), RegistryKeys.LEASE_FIELD);
    try {
      return expiry != null && Long.parseLong(expiry) > System.currentTimeMillis();
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
