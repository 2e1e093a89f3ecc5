package dev.chorus.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.agent.Agent;
import dev.chorus.agent.AgentException;
import dev.chorus.agent.TaskContext;
import java.util.List;
import java.util.Set;

/** Lexicon sentiment: (positive - negative) / (positive + negative), from -1 to 1. */
public class SentimentAgent implements Agent {

  private static final Set<String> POSITIVE =
      Set.of(
          "good",
          "great",
          "excellent",
          "happy",
          "love",
          "loved",
          "best",
          "fast",
          "reliable",
          "easy",
          "clear",
          "delighted",
          "wonderful",
          "success",
          "successful",
          "improved",
          "helpful",
          "calm",
          "durable",
          "enjoy");
  private static final Set<String> NEGATIVE =
      Set.of(
          "bad",
          "poor",
          "terrible",
          "sad",
          "hate",
          "worst",
          "slow",
          "broken",
          "hard",
          "confusing",
          "angry",
          "failure",
          "failed",
          "lost",
          "crash",
          "crashed",
          "bug",
          "bugs",
          "awful",
          "painful");

  @Override
  public String capability() {
    return "text.sentiment";
  }

  @Override
  public String version() {
    return "1.0.0";
  }

  @Override
  public ObjectNode handle(JsonNode input, TaskContext context) throws AgentException {
    List<String> words = Words.of(TextInput.text(input));
    long positive = words.stream().filter(POSITIVE::contains).count();
    long negative = words.stream().filter(NEGATIVE::contains).count();
    double score =
        positive + negative == 0 ? 0 : (double) (positive - negative) / (positive + negative);
    ObjectNode output = JsonNodeFactory.instance.objectNode();
    output.put("label", score > 0.2 ? "positive" : score < -0.2 ? "negative" : "neutral");
    output.put("score", Math.round(score * 100) / 100.0);
    output.put("positiveWords", positive);
    output.put("negativeWords", negative);
    return output;
  }
}
