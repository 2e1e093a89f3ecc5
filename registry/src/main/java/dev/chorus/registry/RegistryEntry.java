package dev.chorus.registry;

import dev.chorus.protocol.AgentRegistration;
import dev.chorus.protocol.MalformedEnvelopeException;
import dev.chorus.protocol.RegistryKeys;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Reads one agent's hash, trusting nothing in it that its key does not confirm: an agent can write
 * only its own key (its Redis ACL user is scoped to it), so the key, not the fields, says which
 * capability and id the entry is for.
 */
final class RegistryEntry {

  private RegistryEntry() {}

  /**
   * The agent {@code key} describes, or {@link MalformedEnvelopeException} naming every problem: a
   * key outside the layout, a capability field other than the key's, a version that does not parse,
   * a missing or malformed lease.
   */
  static RegisteredAgent read(String key, Map<String, String> fields) {
    RegistryKeys.Owner owner =
        RegistryKeys.ownerOf(key)
            .orElseThrow(
                () ->
                    new MalformedEnvelopeException(
                        "key " + key + " is not chorus:agent:<capability>:<agentId>"));
    AgentRegistration registration = AgentRegistration.fromFields(owner.agentId(), fields);
    if (!registration.capability().equals(owner.capability())) {
      throw new MalformedEnvelopeException(
          "registration "
              + key
              + " names capability '"
              + registration.capability()
              + "', not its key's '"
              + owner.capability()
              + "'");
    }
    String lease = fields.get(RegistryKeys.LEASE_FIELD);
    try {
      return RegisteredAgent.of(
          registration, Long.parseLong(lease), PublishedSchemas.read(key, fields));
    } catch (NumberFormatException e) {
      throw new MalformedEnvelopeException(
          "registration "
              + key
              + ": field '"
              + RegistryKeys.LEASE_FIELD
              + "' must be epoch milliseconds but was '"
              + lease
              + "'");
    }
  }

  /** The lease expiry of an entry, or empty when its lease field is missing or malformed. */
  static OptionalLong lease(Map<String, String> fields) {
    try {
      return OptionalLong.of(Long.parseLong(fields.get(RegistryKeys.LEASE_FIELD)));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}
