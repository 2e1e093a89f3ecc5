package dev.chorus.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The cost budget: each definition a worker could not run, or that would cost the gateway unbounded
 * time to check, is refused naming the field and the setting that bounds it.
 */
class DefinitionLimitsTest {

  private final DefinitionValidator validator =
      new DefinitionValidator(new MapCatalog(), TestLimits.DOCUMENTED);

  @Test
  void tenThousandParallelBranchesAreRefused() {
    String branches =
        IntStream.range(0, 10_000)
            .mapToObj(
                b ->
                    "{\"name\": \"b"
                        + b
                        + "\", \"steps\": [{\"name\": \"s"
                        + b
                        + "\", \"kind\": \"agent\", \"capability\": \"x\"}]}")
            .collect(Collectors.joining(","));
    assertRefused(
        "{\"name\": \"wide\", \"version\": 1, \"steps\": [{\"name\": \"fan\", \"kind\":"
            + " \"parallel\", \"branches\": ["
            + branches
            + "]}]}",
        "/steps/0/branches",
        "10000 branches; at most 100 (chorus.pipelines.limits.max-parallel-branches)");
  }

  @Test
  void aForEachConcurrencyAboveTheWorkersPoolIsRefused() {
    assertRefused(
        """
        name: greedy
        version: 1
        steps:
          - name: each
            kind: forEach
            items: input.list
            concurrency: 100000
            steps: [{ name: one, kind: agent, capability: x }]
        """,
        "/steps/0/concurrency",
        "100000; at most 100 (chorus.pipelines.limits.max-for-each-concurrency)");
  }

  @Test
  void nestedConcurrencyIsMultipliedAgainstTheThreadBudget() {
    assertRefused(
        """
        name: nested
        version: 1
        steps:
          - name: outer
            kind: forEach
            items: input.list
            concurrency: 50
            steps:
              - name: inner
                kind: forEach
                items: item.list
                concurrency: 50
                steps: [{ name: one, kind: agent, capability: x }]
        """,
        "/steps",
        "(chorus.pipelines.limits.max-workflow-threads)");
  }

  @Test
  void durationsOutsideTheRangeAreRefused() {
    assertRefused(
        """
        name: forever
        version: 1
        steps:
          - { name: hold, kind: wait, signal: go, timeout: 9223372036854775807ms }
          - { name: call, kind: agent, capability: x, timeout: 999999999999999d }
          - { name: none, kind: agent, capability: x, timeout: 0s }
        """,
        "/steps/0/timeout",
        "longer than 3650d (chorus.pipelines.limits.max-duration)");
    assertRefused(
        """
        name: forever
        version: 1
        steps:
          - { name: call, kind: agent, capability: x, timeout: 999999999999999d }
        """,
        "/steps/0/timeout",
        "too long a duration");
    assertRefused(
        """
        name: forever
        version: 1
        steps:
          - { name: none, kind: agent, capability: x, waitForAgent: 0s }
        """,
        "/steps/0/waitForAgent",
        "must be longer than zero");
  }

  @Test
  void aVersionBeyondAnIntIsAProblemNotAnError() {
    assertRefused(
        """
        name: big
        version: 2147483648
        steps: [{ name: one, kind: agent, capability: x }]
        """,
        "/version",
        "maximum");
  }

  @Test
  void expressionsAreBoundedInLengthDepthAndLiterals() {
    String list =
        IntStream.range(0, 1000).mapToObj(Integer::toString).collect(Collectors.joining(","));
    assertRefused(
        "name: literal\nversion: 1\nsteps:\n  - { name: one, kind: agent, capability: x, input: { a: \"["
            + list
            + "]\" } }\n",
        "/steps/0/input/a",
        "literal of 1000 elements; at most 256 (chorus.pipelines.limits.max-literal-elements)");
    assertRefused(
        "name: deep\nversion: 1\nsteps:\n  - { name: one, kind: agent, capability: x, input: { a: \""
            + "[".repeat(40)
            + "]".repeat(40)
            + "\" } }\n",
        "/steps/0/input/a",
        "(chorus.pipelines.limits.max-expression-depth)");
    assertRefused(
        "name: long\nversion: 1\nsteps:\n  - { name: one, kind: agent, capability: x, input: { a: \"'"
            + "x".repeat(5000)
            + "'\" } }\n",
        "/steps/0/input/a",
        "5002 characters; at most 4096 (chorus.pipelines.limits.max-expression-length)");
  }

  @Test
  void tooManyStepsAreRefused() {
    String steps =
        IntStream.range(0, 1001)
            .mapToObj(i -> "  - { name: s" + i + ", kind: agent, capability: x }")
            .collect(Collectors.joining("\n"));
    assertRefused(
        "name: long\nversion: 1\nsteps:\n" + steps + "\n",
        "/steps",
        "1001 steps with the nested ones; at most 1000 (chorus.pipelines.limits.max-steps)");
  }

  @Test
  void anInputSchemaMayNotReferToFilesOrTheNetwork() {
    assertRefused(
        """
        name: fetching
        version: 1
        inputSchema:
          type: object
          properties:
            secret: { $ref: "file:///etc/passwd" }
            remote: { items: { $ref: "http://169.254.169.254/schema.json" } }
            local: { $ref: "#/$defs/name" }
          $defs: { name: { type: string } }
        steps: [{ name: one, kind: agent, capability: x }]
        """,
        "/inputSchema/properties/secret/$ref",
        "outside the schema");
    assertThatThrownBy(
            () ->
                validator.validate(
                    """
                    name: fetching
                    version: 1
                    inputSchema:
                      properties:
                        remote: { items: { $ref: "http://169.254.169.254/schema.json" } }
                        local: { $ref: "#/$defs/name" }
                      $defs: { name: { type: string } }
                    steps: [{ name: one, kind: agent, capability: x }]
                    """))
        .isInstanceOfSatisfying(
            InvalidDefinitionException.class,
            e ->
                assertThat(e.problems())
                    .extracting(Problem::path)
                    .containsExactly("/inputSchema/properties/remote/items/$ref"));
  }

  @Test
  void withinTheLimitsADefinitionIsAccepted() {
    assertThat(
            validator
                .validate(
                    """
                    name: fine
                    version: 2147483647
                    steps:
                      - { name: hold, kind: wait, signal: go, timeout: 3650d }
                      - name: each
                        kind: forEach
                        items: "input.list.filter(x, x in [1, 2, 3])"
                        concurrency: 100
                        steps: [{ name: one, kind: agent, capability: x, timeout: 1ms }]
                    """)
                .definition()
                .version())
        .isEqualTo(Integer.MAX_VALUE);
  }

  private void assertRefused(String definition, String path, String problem) {
    assertThatThrownBy(() -> validator.validate(definition))
        .isInstanceOfSatisfying(
            InvalidDefinitionException.class,
            e ->
                assertThat(e.problems())
                    .as("problems")
                    .anySatisfy(
                        p -> {
                          assertThat(p.path()).isEqualTo(path);
                          assertThat(p.problem()).contains(problem);
                        }));
  }
}
