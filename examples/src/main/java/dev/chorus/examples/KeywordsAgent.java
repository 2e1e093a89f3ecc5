package dev.chorus.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.agent.Agent;
import dev.chorus.agent.AgentException;
import dev.chorus.agent.TaskContext;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The most frequent content words of a text; ties broken alphabetically so the output is stable.
 */
public class KeywordsAgent implements Agent {

  static final int TOP = 5;

  @Override
  public String capability() {
    return "text.keywords";
  }

  @Override
  public String version() {
    return "1.0.0";
  }

  @Override
  public ObjectNode handle(JsonNode input, TaskContext context) throws AgentException {
    Map<String, Integer> counts = new TreeMap<>();
    Words.contentWords(TextInput.text(input)).forEach(w -> counts.merge(w, 1, Integer::sum));
    ObjectNode output = JsonNodeFactory.instance.objectNode();
    counts.entrySet().stream()
        .sorted(
            Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()))
        .limit(TOP)
        .forEach(e -> output.withArray("keywords").add(e.getKey()));
    output.put("distinctWords", counts.size());
    return output;
  }
}
