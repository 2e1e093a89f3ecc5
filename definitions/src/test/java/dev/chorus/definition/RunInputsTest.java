package dev.chorus.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.pipeline.model.PipelineDefinition;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunInputsTest {

  private final PipelineDefinition definition =
      new DefinitionValidator(new MapCatalog(), TestLimits.DOCUMENTED)
          .validate(
              """
      name: typed
      version: 1
      inputSchema:
        type: object
        required: [text]
        properties:
          text: { type: string }
          count: { type: integer, minimum: 1 }
      steps: [{ name: only, kind: agent, capability: c }]
      """)
          .definition();

  /** A definition stored before such references were refused is never fetched from, nor a 500. */
  @Test
  void aStoredSchemaReferringOutsideItselfRefusesTheInputWithoutFetching() {
    PipelineDefinition stored =
        new PipelineDefinition(
            "old",
            1,
            Map.of("$ref", "http://127.0.0.1:9/schema.json"),
            java.util.List.of(dev.chorus.pipeline.model.AgentStep.of("only", "c")));
    assertThatThrownBy(() -> RunInputs.check(stored, Map.of("text", "hi")))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e ->
                assertThat(e.problems())
                    .singleElement()
                    .satisfies(p -> assertThat(p.path()).isEqualTo("/inputSchema")));
  }

  @Test
  void inputThatFitsTheSchemaPasses() {
    assertThatCode(() -> RunInputs.check(definition, Map.of("text", "hi", "count", 2)))
        .doesNotThrowAnyException();
  }

  @Test
  void inputThatDoesNotIsRefusedWithEveryProblem() {
    assertThatThrownBy(() -> RunInputs.check(definition, Map.of("count", 0)))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e ->
                assertThat(e.problems())
                    .extracting(Problem::path)
                    .containsExactlyInAnyOrder("/input", "/input/count"));
  }
}
