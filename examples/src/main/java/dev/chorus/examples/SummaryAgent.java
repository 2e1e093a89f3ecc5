package dev.chorus.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.agent.Agent;
import dev.chorus.agent.AgentException;
import dev.chorus.agent.TaskContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Extractive summary: the sentences whose content words are most frequent in the whole text, kept
 * in their original order.
 */
public class SummaryAgent implements Agent {

  static final int SENTENCES = 2;

  @Override
  public String capability() {
    return "text.summary";
  }

  @Override
  public String version() {
    return "1.0.0";
  }

  @Override
  public ObjectNode handle(JsonNode input, TaskContext context) throws AgentException {
    String text = TextInput.text(input);
    Map<String, Integer> frequency = new HashMap<>();
    Words.contentWords(text).forEach(w -> frequency.merge(w, 1, Integer::sum));
    List<String> sentences = Words.sentences(text);
    double[] score =
        sentences.stream()
            .mapToDouble(
                s ->
                    Words.contentWords(s).stream()
                        .mapToInt(w -> frequency.getOrDefault(w, 0))
                        .sum())
            .toArray();
    List<String> chosen =
        IntStream.range(0, sentences.size())
            .boxed()
            .sorted(
                (a, b) ->
                    score[a] != score[b]
                        ? Double.compare(score[b], score[a])
                        : Integer.compare(a, b))
            .limit(SENTENCES)
            .sorted()
            .map(sentences::get)
            .toList();
    // Each sentence of the summary as a chunk of partial output, as a model writing it would.
    context.progress(0.5, "scored " + sentences.size() + " sentences");
    chosen.forEach(context::emit);
    String summary = String.join(" ", chosen);
    ObjectNode output = JsonNodeFactory.instance.objectNode();
    output.put("summary", summary);
    output.put("sentences", sentences.size());
    return output;
  }
}
