package dev.chorus.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.protocol.AgentRegistration;
import dev.chorus.protocol.MalformedEnvelopeException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistryEntryTest {

  private final AgentRegistration keywords =
      new AgentRegistration("kw-1", "text.keywords", "1.2.0", 2, Map.of(), false);

  @Test
  void anEntryIsTheAgentItsKeyNames() {
    RegisteredAgent agent = RegistryEntry.read(keywords.key(), keywords.toEntry(1_000));

    assertThat(agent.agentId()).isEqualTo("kw-1");
    assertThat(agent.registration().capability()).isEqualTo("text.keywords");
    assertThat(agent.leaseExpiresMillis()).isEqualTo(1_000);
  }

  @Test
  void anEntryClaimingAnotherCapabilityThanItsKeyIsRefused() {
    AgentRegistration forged =
        new AgentRegistration("kw-1", "text.summary", "9.0.0", 2, Map.of(), false);

    assertThatThrownBy(() -> RegistryEntry.read(keywords.key(), forged.toEntry(1_000)))
        .isInstanceOf(MalformedEnvelopeException.class)
        .hasMessageContaining("names capability 'text.summary', not its key's 'text.keywords'");
  }

  @Test
  void aMissingOrMalformedLeaseAndAKeyOutsideTheLayoutAreRefused() {
    Map<String, String> noLease = new HashMap<>(keywords.toFields());
    assertThatThrownBy(() -> RegistryEntry.read(keywords.key(), noLease))
        .isInstanceOf(MalformedEnvelopeException.class)
        .hasMessageContaining("field 'lease' must be epoch milliseconds but was 'null'");
    assertThat(RegistryEntry.lease(noLease)).isEmpty();

    assertThatThrownBy(() -> RegistryEntry.read("chorus:agent:kw-1", keywords.toEntry(1)))
        .isInstanceOf(MalformedEnvelopeException.class)
        .hasMessageContaining("is not chorus:agent:<capability>:<agentId>");
  }

  @Test
  void aVersionThatDoesNotParseIsRefused() {
    Map<String, String> fields = new HashMap<>(keywords.toEntry(1_000));
    fields.put("version", "latest");

    assertThatThrownBy(() -> RegistryEntry.read(keywords.key(), fields))
        .isInstanceOf(MalformedEnvelopeException.class)
        .hasMessageContaining("is not a semantic version");
  }
}
