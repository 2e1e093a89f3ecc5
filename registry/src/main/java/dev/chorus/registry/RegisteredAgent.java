package dev.chorus.registry;

import dev.chorus.protocol.AgentRegistration;
import org.semver4j.Semver;

/**
 * An agent as the registry holds it.
 *
 * @param version the registration's version, parsed once so routing does not parse it per step
 * @param leaseExpiresMillis when the agent's lease runs out unless renewed (epoch milliseconds)
 * @param schemas the input and output schemas it publishes
 */
public record RegisteredAgent(
    AgentRegistration registration,
    Semver version,
    long leaseExpiresMillis,
    PublishedSchemas schemas) {

  public static RegisteredAgent of(AgentRegistration registration, long leaseExpiresMillis) {
    return of(registration, leaseExpiresMillis, PublishedSchemas.NONE);
  }

  public static RegisteredAgent of(
      AgentRegistration registration, long leaseExpiresMillis, PublishedSchemas schemas) {
    return new RegisteredAgent(
        registration, Semver.parse(registration.version()), leaseExpiresMillis, schemas);
  }

  public String agentId() {
    return registration.agentId();
  }

  /**
   * Takes new work. An agent whose lease ran out stays here until the {@link LeaseReaper} removes
   * it, which is what tells every cache.
   */
  public boolean healthy() {
    return !registration.draining();
  }

  public String describe() {
    return registration.capability()
        + " "
        + registration.version()
        + " ("
        + agentId()
        + ", "
        + (healthy() ? "ready" : "draining")
        + ")";
  }
}
