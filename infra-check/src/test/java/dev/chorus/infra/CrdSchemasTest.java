package dev.chorus.infra;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class CrdSchemasTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void objectsThatDeclareTheirPropertiesAreClosedAtEveryDepth() {
    JsonNode schema =
        JSON.readTree(
            """
            {"type": "object", "properties": {
              "spec": {"type": "object", "properties": {
                "ports": {"type": "array", "items": {"type": "object", "properties": {
                  "containerPort": {"type": "integer"}}}}}}}}
            """);

    CrdSchemas.close(schema);

    assertThat(schema.path("additionalProperties").asBoolean(true)).isFalse();
    JsonNode spec = schema.path("properties").path("spec");
    assertThat(spec.path("additionalProperties").asBoolean(true)).isFalse();
    assertThat(
            spec.path("properties")
                .path("ports")
                .path("items")
                .path("additionalProperties")
                .asBoolean(true))
        .isFalse();
  }

  @Test
  void objectsThatKeepUnknownFieldsOrSayWhatElseTheyAllowStayAsTheyAre() {
    JsonNode schema =
        JSON.readTree(
            """
            {"type": "object", "properties": {
              "open": {"type": "object", "x-kubernetes-preserve-unknown-fields": true,
                       "properties": {"a": {"type": "string"}}},
              "metadata": {"type": "object", "additionalProperties": {"type": "string"}},
              "plain": {"type": "object"}}}
            """);

    CrdSchemas.close(schema);

    JsonNode properties = schema.path("properties");
    assertThat(properties.path("open").has("additionalProperties")).isFalse();
    assertThat(properties.path("metadata").path("additionalProperties").isObject()).isTrue();
    assertThat(properties.path("plain").has("additionalProperties")).isFalse();
  }
}
