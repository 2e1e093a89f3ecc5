package dev.chorus.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every problem of a definition comes back in one answer, each at its JSON pointer: a schema
 * problem in one part hides nothing of another part.
 */
class OnePassValidationTest {

  private final MapCatalog catalog = new MapCatalog();
  private final DefinitionValidator validator =
      new DefinitionValidator(catalog, TestLimits.DOCUMENTED);

  @Test
  void oneProblemOfEachKindComesBackInOneAnswer() {
    String broken =
        """
        name: everything
        version: 0
        inputSchema: { $ref: "https://example.com/schema.json" }
        steps:
          - { name: ranged, kind: agent, capability: x, version: "^^1" }
          - { name: labelled, kind: agent, capability: x, labels: ["gpu=true", "gpu==true"] }
          - { name: hasty, kind: agent, capability: x, timeout: 0s }
          - { name: typed, kind: agent, capability: x, timeout: 30 }
          - { name: dangling, kind: agent, capability: x, input: { a: steps.nowhere.output } }
          - { name: uncompiled, kind: agent, capability: x, input: { a: "input.text +" } }
          - { name: orphan, kind: pipeline, pipeline: missing }
          - { name: again, kind: pipeline, pipeline: everything }
        """;

    assertThat(problems(broken))
        .containsExactly(
            "/inputSchema/$ref",
            "/steps/0/version",
            "/steps/1/labels/1",
            "/steps/2/timeout",
            "/steps/3/timeout",
            "/steps/4/input/a",
            "/steps/5/input/a",
            "/steps/6/pipeline",
            "/steps/7/pipeline",
            "/version");
  }

  @Test
  void aVersionRangeThatDoesNotParseIsRefusedWithTheRange() {
    assertRefused(
        "{ name: s, kind: agent, capability: x, version: '^^1' }",
        "/steps/0/version",
        "version range '^^1' at position 0");
  }

  @Test
  void aLabelSelectorThatDoesNotParseIsRefusedAtRegistration() {
    assertRefused(
        "{ name: s, kind: agent, capability: x, labels: ['region in (eu, us)', 'gpu==true'] }",
        "/steps/0/labels/1",
        "label constraint 'gpu==true' at position 4");
  }

  @Test
  void aBlankVersionRangeMeansAnyVersionAsAtDispatch() {
    assertThat(
            validator
                .validate(
                    "{name: p, version: 1, steps: [{ name: s, kind: agent, capability: x,"
                        + " version: '', labels: ['tier notin (free)'] }]}")
                .definition()
                .steps())
        .hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{ name: s, kind: agent, capability: x, timeout: 0s }",
        "{ name: s, kind: agent, capability: x, totalTimeout: 0ms }",
        "{ name: s, kind: agent, capability: x, waitForAgent: PT0S }",
        "{ name: s, kind: agent, capability: x, retry: { initialInterval: 0s } }",
        "{ name: s, kind: agent, capability: x, retry: { maximumInterval: 0m } }",
        "{ name: s, kind: wait, signal: go, timeout: 0h }",
        "{ name: s, kind: wait, signal: go, timeout: PT-5S }"
      })
  void noDurationMayBeZeroOrNegative(String step) {
    assertThatThrownBy(() -> validator.validate("{name: p, version: 1, steps: [" + step + "]}"))
        .isInstanceOfSatisfying(
            InvalidDefinitionException.class,
            e ->
                assertThat(e.problems())
                    .anySatisfy(
                        p -> assertThat(p.problem()).startsWith("must be longer than zero")));
  }

  @Test
  void aZeroWaitForAgentPointsAtWhenNoAgentFail() {
    assertRefused(
        "{ name: s, kind: agent, capability: x, waitForAgent: 0s }",
        "/steps/0/waitForAgent",
        "whenNoAgent: fail");
  }

  @Test
  void theDescriptionIsKept() {
    assertThat(
            validator
                .validate(
                    """
                    name: described
                    version: 1
                    description: Reads an order and reserves its items.
                    steps: [{ name: s, kind: agent, capability: x }]
                    """)
                .description())
        .isEqualTo("Reads an order and reserves its items.");
  }

  @Test
  void aCycleThroughARegisteredChildIsRefusedAtTheStepThatStartsIt() {
    catalog.add(
        validator
            .validate("{name: outer, version: 1, steps: [{name: s, kind: agent, capability: x}]}")
            .definition());
    catalog.add(
        validator
            .validate(
                "{name: inner, version: 1, steps: [{name: back, kind: pipeline, pipeline: outer}]}")
            .definition());

    assertThatThrownBy(
            () ->
                validator.validate(
                    "{name: outer, version: 2, steps: [{name: s, kind: agent, capability: x},"
                        + " {name: sub, kind: pipeline, pipeline: inner}]}"))
        .isInstanceOfSatisfying(
            InvalidDefinitionException.class,
            e ->
                assertThat(e.problems())
                    .extracting(p -> p.path() + " " + p.problem())
                    .containsExactly(
                        "/steps/1/pipeline cycle: outer → inner → outer (pipeline inner, step back)"));
  }

  @Test
  void aChildReferenceTheSchemaRefusedIsNotAlsoLookedUp() {
    assertThat(
            problems(
                "{name: p, version: 1, steps: [{name: sub, kind: pipeline, pipeline: missing,"
                    + " version: 0}]}"))
        .containsExactly("/steps/0/version");
  }

  @Test
  void aSchemaProblemInOneStepHidesNoProblemOfAnother() {
    assertThat(
            problems(
                """
                name: p
                version: 1
                steps:
                  - { name: odd, kind: agent, capability: x, colour: blue }
                  - { name: late, kind: agent, capability: x, input: { a: steps.later.output } }
                  - { name: sub, kind: pipeline, pipeline: missing }
                  - { name: later, kind: agent, capability: x }
                """))
        .containsExactly("/steps/0", "/steps/1/input/a", "/steps/2/pipeline");
  }

  private List<String> problems(String definition) {
    try {
      validator.validate(definition);
    } catch (InvalidDefinitionException e) {
      return e.problems().stream().map(Problem::path).toList();
    }
    throw new AssertionError("the definition was accepted");
  }

  private void assertRefused(String step, String path, String problem) {
    assertThatThrownBy(() -> validator.validate("{name: p, version: 1, steps: [" + step + "]}"))
        .isInstanceOfSatisfying(
            InvalidDefinitionException.class,
            e ->
                assertThat(e.problems())
                    .singleElement()
                    .satisfies(
                        p -> {
                          assertThat(p.path()).isEqualTo(path);
                          assertThat(p.problem()).contains(problem);
                        }));
  }
}
