package dev.chorus.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.chorus.agent.AgentException;
import dev.chorus.agent.TaskContext;
import org.junit.jupiter.api.Test;

class DemoAgentsTest {

  private static final TaskContext CONTEXT = new TaskContext("t", "wf", "step", 1);

  private static JsonNode text(String text) {
    return JsonNodeFactory.instance.objectNode().put("text", text);
  }

  @Test
  void keywordsAreTheMostFrequentContentWordsTiesAlphabetical() throws AgentException {
    JsonNode out =
        new KeywordsAgent()
            .handle(
                text("Redis streams carry tasks. Streams carry replies. The bridge reads streams."),
                CONTEXT);

    assertThat(out.get("keywords").toString())
        .isEqualTo("[\"streams\",\"carry\",\"bridge\",\"reads\",\"redis\"]");
    assertThat(out.get("distinctWords").asInt()).isEqualTo(7);
  }

  @Test
  void summaryKeepsTheBestSentencesInTheirOriginalOrder() throws AgentException {
    JsonNode out =
        new SummaryAgent()
            .handle(
                text(
                    "Agents answer tasks. The weather is mild. Agents reply on streams and agents retry tasks."),
                CONTEXT);

    assertThat(out.get("summary").asText())
        .isEqualTo("Agents answer tasks. Agents reply on streams and agents retry tasks.");
    assertThat(out.get("sentences").asInt()).isEqualTo(3);
  }

  @Test
  void sentimentWeighsPositiveAgainstNegativeWords() throws AgentException {
    assertThat(
            new SentimentAgent()
                .handle(text("Great, fast and reliable."), CONTEXT)
                .get("label")
                .asText())
        .isEqualTo("positive");
    assertThat(
            new SentimentAgent().handle(text("Slow and broken."), CONTEXT).get("score").asDouble())
        .isEqualTo(-1.0);
    assertThat(new SentimentAgent().handle(text("A table."), CONTEXT).get("label").asText())
        .isEqualTo("neutral");
  }

  @Test
  void aMissingTextIsAFatalError() {
    assertThatThrownBy(
            () -> new KeywordsAgent().handle(JsonNodeFactory.instance.objectNode(), CONTEXT))
        .isInstanceOfSatisfying(AgentException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessage("input field 'text' must be a non-empty string");
  }
}
