package dev.chorus.definition;

import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * An {@code inputSchema} must be whole in itself: a {@code $ref} to a file or a network address
 * would make the gateway read that file or call that address when a run starts, and fail the start
 * whenever it cannot. Only references into the schema itself ({@code #...}) and the standard
 * dialects are allowed.
 */
final class InputSchemaReferences {

  private static final Set<String> REFERENCES = Set.of("$ref", "$dynamicRef", "$recursiveRef");
  private static final Set<String> DIALECTS =
      Set.of(
          "https://json-schema.org/draft/2020-12/schema",
          "https://json-schema.org/draft/2019-09/schema",
          "http://json-schema.org/draft-07/schema#",
          "http://json-schema.org/draft-06/schema#",
          "http://json-schema.org/draft-04/schema#");

  private InputSchemaReferences() {}

  static void check(JsonNode node, String path, List<Problem> problems) {
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        check(node.get(i), path + "/" + i, problems);
      }
      return;
    }
    if (!node.isObject()) {
      return;
    }
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      String key = field.getKey();
      String at = path + "/" + key.replace("~", "~0").replace("/", "~1");
      JsonNode value = field.getValue();
      if (REFERENCES.contains(key) && value.isString() && !value.asString().startsWith("#")) {
        problems.add(
            new Problem(
                at,
                "refers to '"
                    + value.asString()
                    + "' outside the schema; only references within it (#/...) are allowed"));
      } else if ("$schema".equals(key)
          && value.isString()
          && !DIALECTS.contains(value.asString())) {
        problems.add(
            new Problem(
                at,
                "is '"
                    + value.asString()
                    + "'; only the standard JSON Schema dialects are allowed"));
      } else {
        check(value, at, problems);
      }
    }
  }
}
