package dev.chorus.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.pipeline.model.AgentStep;
import dev.chorus.pipeline.model.ForEachStep;
import dev.chorus.pipeline.model.PipelineDefinition;
import org.junit.jupiter.api.Test;

class DefinitionValidatorTest {

  private final MapCatalog catalog = new MapCatalog();
  private final DefinitionValidator validator =
      new DefinitionValidator(catalog, TestLimits.DOCUMENTED);

  @Test
  void aDefinitionWithADozenMistakesIsRefusedWithAllOfThem() {
    String broken =
        """
        name: broken
        version: 0
        steps:
          - name: first
            kind: agent
          - name: first
            kind: agent
            capability: text.keywords
            timeout: soon
          - name: mystery
            kind: teleport
          - name: uses_later
            kind: agent
            capability: text.summary
            input:
              text: steps.last.output.text
              ghost: steps.nowhere.output
              broken: "input.text +"
          - name: fan
            kind: parallel
            join: n
            branches:
              - name: a
                steps:
                  - { name: in_a, kind: agent, capability: x }
              - name: b
                steps:
                  - { name: in_b, kind: agent, capability: y, input: { peek: steps.in_a.output } }
          - name: loop
            kind: forEach
            items: input.list
            steps:
              - { name: each, kind: agent, capability: z }
          - name: last
            kind: agent
            capability: text.sentiment
            retry: { initialInterval: 10s, maximumInterval: 1s }
            input: { x: steps.each.output, y: item }
        """;

    assertThatThrownBy(() -> validator.validate(broken))
        .isInstanceOfSatisfying(
            InvalidDefinitionException.class,
            e ->
                assertThat(e.problems())
                    .extracting(p -> p.path() + " " + p.problem())
                    .anySatisfy(p -> assertThat(p).startsWith("/version ").contains("minimum"))
                    .anySatisfy(p -> assertThat(p).startsWith("/steps/0 ").contains("capability"))
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .startsWith("/steps/1/name ")
                                .contains("already used by the step at /steps/0"))
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .startsWith("/steps/1/timeout ")
                                .contains("'soon' is not a duration"))
                    .anySatisfy(
                        p -> assertThat(p).startsWith("/steps/2/kind ").contains("enumeration"))
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .startsWith("/steps/3/input/text ")
                                .contains("'last', which runs later"))
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .startsWith("/steps/3/input/ghost ")
                                .contains("'nowhere', which does not exist"))
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .startsWith("/steps/3/input/broken ")
                                .contains("bad expression"))
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .startsWith("/steps/4/count ")
                                .contains("join: n needs count"))
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .startsWith("/steps/4/branches/1/steps/0/input/peek ")
                                .contains("another branch of 'fan'"))
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .startsWith("/steps/6/input/x ")
                                .contains("inside forEach 'loop'"))
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .startsWith("/steps/6/input/y ")
                                .contains("'item' outside a forEach"))
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .startsWith("/steps/6/retry/maximumInterval ")
                                .contains("shorter than initialInterval")));
  }

  @Test
  void aValidDefinitionBecomesItsRecords() {
    DescribedDefinition described =
        validator.validate(
            """
        {"name": "json-too", "version": 2, "steps": [
          {"name": "pages", "kind": "forEach", "items": "input.urls", "concurrency": 3,
           "steps": [{"name": "fetch", "kind": "agent", "capability": "web.fetch", "input": {"url": "item"}, "labels": ["gpu=true"]}]}]}
        """);

    PipelineDefinition definition = described.definition();
    assertThat(described.description()).isNull();
    assertThat(definition.version()).isEqualTo(2);
    ForEachStep pages = (ForEachStep) definition.steps().get(0);
    assertThat(pages.concurrency()).isEqualTo(3);
    AgentStep fetch = (AgentStep) pages.steps().get(0);
    assertThat(fetch.labels()).containsExactly("gpu=true");
    assertThat(fetch.version()).isEqualTo("*");
  }

  @Test
  void childPipelinesMustBeRegisteredAndMustNotRunInACycle() {
    catalog.add(
        validator
            .validate(
                """
        name: inner
        version: 1
        steps: [{ name: work, kind: agent, capability: w }]
        """)
            .definition());

    assertThat(
            validator
                .validate(
                    """
        name: outer
        version: 1
        steps: [{ name: sub, kind: pipeline, pipeline: inner }]
        """)
                .definition()
                .steps())
        .hasSize(1);
    assertThatThrownBy(
            () ->
                validator.validate(
                    """
        name: outer
        version: 1
        steps: [{ name: sub, kind: pipeline, pipeline: missing }, { name: me, kind: pipeline, pipeline: outer }]
        """))
        .isInstanceOfSatisfying(
            InvalidDefinitionException.class,
            e ->
                assertThat(e.problems())
                    .extracting(p -> p.path() + " " + p.problem())
                    .containsExactly(
                        "/steps/0/pipeline runs pipeline missing, which is not registered",
                        "/steps/1/pipeline cycle: outer → outer"));
    assertThatThrownBy(
            () ->
                validator.validate(
                    """
        name: outer
        version: 1
        steps: [{ name: sub, kind: pipeline, pipeline: missing }]
        """))
        .isInstanceOfSatisfying(
            InvalidDefinitionException.class,
            e ->
                assertThat(e.problems())
                    .extracting(Problem::problem)
                    .containsExactly("runs pipeline missing, which is not registered"));
  }

  @Test
  void textThatIsNotYamlIsRefusedWithTheReason() {
    assertThatThrownBy(() -> validator.validate("name: [unclosed"))
        .isInstanceOfSatisfying(
            InvalidDefinitionException.class,
            e ->
                assertThat(e.problems())
                    .singleElement()
                    .satisfies(p -> assertThat(p.problem()).startsWith("not YAML or JSON")));
  }
}
