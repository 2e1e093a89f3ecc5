package dev.chorus.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.protocol.AgentRegistration;
import dev.chorus.registry.PublishedSchemas;
import dev.chorus.registry.RegisteredAgent;
import dev.chorus.registry.RegistrySnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Input mappings against the schemas agents publish, joined with the other one-pass problems. */
class CapabilitySchemasTest {

  /** As Pydantic writes a model with a nested one: {@code $defs}, {@code $ref}, {@code anyOf}. */
  private static final String SUMMARY_INPUT =
      """
      {"$defs": {"Options": {"type": "object", "properties": {"words": {"type": "integer"}}}},
       "type": "object",
       "properties": {"text": {"type": "string"}, "limit": {"type": "integer"},
                      "mode": {"enum": ["short", "long"]},
                      "options": {"anyOf": [{"$ref": "#/$defs/Options"}, {"type": "null"}]}},
       "required": ["text", "limit"]}
      """;

  private static final String KEYWORDS_OUTPUT =
      """
      {"$defs": {"Stats": {"type": "object", "properties": {"count": {"type": "integer"}},
                           "required": ["count"]}},
       "type": "object",
       "properties": {"keywords": {"type": "array", "items": {"type": "string"}},
                      "stats": {"$ref": "#/$defs/Stats"},
                      "language": {"anyOf": [{"type": "string"}, {"type": "null"}]}},
       "required": ["keywords", "stats"]}
      """;

  private final List<RegisteredAgent> agents = new ArrayList<>();
  private final DefinitionValidator validator =
      new DefinitionValidator(
          new MapCatalog(), TestLimits.DOCUMENTED, () -> new RegistrySnapshot(1, agents));

  @Test
  void aRequiredPropertyTheMappingDoesNotSetIsNamedWithTheCapability() {
    publish("text.summary", "1.4.0", SUMMARY_INPUT, null);

    assertThat(
            problems(
                """
                - { name: keywords, kind: agent, capability: text.keywords }
                - name: summary
                  kind: agent
                  capability: text.summary
                  version: 1.x
                  input: { text: input.text }
                """))
        .containsExactly(
            "/steps/1/input: capability text.summary 1.x requires property 'limit', which this"
                + " mapping does not set");
  }

  @Test
  void literalsOfTheWrongTypeAreRefusedAndFittingOnesPass() {
    publish("text.summary", "1.0.0", SUMMARY_INPUT, null);

    assertThat(
            problems(
                """
                - name: summary
                  kind: agent
                  capability: text.summary
                  input: { text: "42", limit: "'ten'", mode: "'medium'", options: "null" }
                """))
        .hasSize(3)
        .anySatisfy(p -> assertThat(p).startsWith("/steps/0/input/text: the literal 42"))
        .anySatisfy(p -> assertThat(p).startsWith("/steps/0/input/limit: the literal \"ten\""))
        .anySatisfy(p -> assertThat(p).startsWith("/steps/0/input/mode: the literal \"medium\""));

    assertThat(
            problems(
                """
                - name: summary
                  kind: agent
                  capability: text.summary
                  input: { text: "'hello'", limit: "3", mode: "'short'", options: input.options }
                """))
        .isEmpty();
  }

  @Test
  void aReferenceToAnOutputPropertyTheProducerDoesNotHaveIsRefused() {
    publish("text.keywords", "1.0.0", null, KEYWORDS_OUTPUT);

    assertThat(
            problems(
                """
                - { name: keywords, kind: agent, capability: text.keywords }
                - name: report
                  kind: agent
                  capability: text.write
                  input:
                    words: steps.keywords.output.keywords
                    count: steps.keywords.output.stats.count
                    lang: steps.keywords.output.language
                    total: steps.keywords.output.stats.total + 1
                    summary: steps.keywords.output.summary
                    guarded: "has(steps.keywords.output.summary) ? 1 : 0"
                """))
        .containsExactlyInAnyOrder(
            "/steps/1/input/summary: refers to steps.keywords.output.summary, but capability"
                + " text.keywords's output schema has no property 'summary'",
            "/steps/1/input/total: refers to steps.keywords.output.stats.total, but capability"
                + " text.keywords's output schema has no property 'total' in output.stats");
  }

  @Test
  void withoutPublishedSchemasNothingIsChecked() {
    publish("text.summary", "2.0.0", SUMMARY_INPUT, null);

    assertThat(
            problems(
                """
                - { name: keywords, kind: agent, capability: text.keywords }
                - name: summary
                  kind: agent
                  capability: text.summary
                  version: 1.x
                  input: { text: "42", other: steps.keywords.output.anything }
                """))
        .isEmpty();
  }

  @Test
  void schemaProblemsComeWithTheOtherProblemsInOneAnswer() {
    publish("text.summary", "1.0.0", SUMMARY_INPUT, null);

    assertThat(
            problems(
                """
                - { name: early, kind: agent, capability: text.keywords, timeout: 0s }
                - name: summary
                  kind: agent
                  capability: text.summary
                  input: { text: input.text, limit: steps.later.output }
                - { name: later, kind: agent, capability: text.keywords }
                """))
        .extracting(p -> p.substring(0, p.indexOf(':')))
        .containsExactly("/steps/0/timeout", "/steps/1/input/limit");
  }

  @Test
  void aRunStartChecksTheStoredDefinitionAgainstTheAgentsRegisteredSince() {
    DescribedDefinition registered =
        validator.validate(
            definition(
                """
                - { name: summary, kind: agent, capability: text.summary, input: { text: "'hi'" } }
                """));
    CapabilitySchemas schemas = new CapabilitySchemas(() -> new RegistrySnapshot(2, agents));
    schemas.checkRun(registered.definition());

    publish("text.summary", "1.0.0", SUMMARY_INPUT, null);

    assertThatThrownBy(() -> schemas.checkRun(registered.definition()))
        .isInstanceOfSatisfying(
            InvalidDefinitionException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        new Problem(
                            "/steps/0/input",
                            "capability text.summary requires property 'limit', which this mapping"
                                + " does not set")));
  }

  private void publish(String capability, String version, String input, String output) {
    agents.add(
        RegisteredAgent.of(
            new AgentRegistration(
                capability + "-" + version, capability, version, 1, Map.of(), false),
            Long.MAX_VALUE,
            new PublishedSchemas(input, output)));
  }

  private List<String> problems(String steps) {
    try {
      validator.validate(definition(steps));
      return List.of();
    } catch (InvalidDefinitionException e) {
      return e.problems().stream().map(p -> p.path() + ": " + p.problem()).toList();
    }
  }

  private static String definition(String steps) {
    return "name: checked\nversion: 1\nsteps:\n" + steps.indent(2);
  }
}
