package dev.chorus.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.protocol.RegistryKeys;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AgentSchemasTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  record Options(int words, Optional<String> style) {}

  record SummaryInput(String text, List<String> focus, Options options) {}

  @Test
  void aRecordsSchemaRequiresItsComponentsAndDefinesNestedTypes() throws Exception {
    JsonNode schema = JSON.readTree(AgentSchemas.of(SummaryInput.class));

    assertThat(schema.path("$schema").asText()).contains("2020-12");
    assertThat(schema.path("type").asText()).isEqualTo("object");
    assertThat(schema.path("required"))
        .extracting(JsonNode::asText)
        .containsExactlyInAnyOrder("text", "focus", "options");
    assertThat(schema.at("/properties/text/type").asText()).isEqualTo("string");
    assertThat(schema.at("/properties/focus/items/type").asText()).isEqualTo("string");
    assertThat(schema.at("/properties/options/properties/words/type").asText())
        .isEqualTo("integer");
    assertThat(schema.at("/properties/options/required"))
        .extracting(JsonNode::asText)
        .containsExactly("words");
  }

  @Test
  void aSchemaFileIsReadFromTheClasspathAsItIs() throws Exception {
    String text = AgentSchemas.resource("/schemas/echo-output.json");

    assertThat(JSON.readTree(text).path("required").get(0).asText()).isEqualTo("echo");
    assertThatThrownBy(() -> AgentSchemas.resource("/schemas/none.json"))
        .hasMessageContaining("no schema file /schemas/none.json on the classpath");
  }

  @Test
  void theRegistrationCarriesTheSchemasAndRefusesOneOverTheLimit() {
    assertThat(AgentSchemas.fields(agent(Optional.of("{}"), Optional.empty())))
        .containsOnlyKeys(RegistryKeys.INPUT_SCHEMA_FIELD);

    String huge = "{\"description\":\"" + "x".repeat(RegistryKeys.MAX_SCHEMA_BYTES) + "\"}";
    assertThatThrownBy(() -> AgentSchemas.fields(agent(Optional.empty(), Optional.of(huge))))
        .hasMessageContaining("a schema of test.schemas has")
        .hasMessageContaining("at most 65536 are published");
  }

  private static Agent agent(Optional<String> input, Optional<String> output) {
    return new Agent() {
      @Override
      public String capability() {
        return "test.schemas";
      }

      @Override
      public String version() {
        return "1.0.0";
      }

      @Override
      public Optional<String> inputSchema() {
        return input;
      }

      @Override
      public Optional<String> outputSchema() {
        return output;
      }

      @Override
      public ObjectNode handle(JsonNode input, TaskContext context) {
        return JSON.createObjectNode();
      }
    };
  }
}
