package dev.chorus.definition;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What a published schema says about the properties of the objects it describes: which it requires
 * and whether one exists. This reads the shapes schema generators produce ({@code properties},
 * {@code required}, {@code $ref} into the schema itself, {@code anyOf}/{@code oneOf}/{@code
 * allOf}); whatever it cannot read is unknown, and unknown is never a problem.
 */
final class SchemaNavigation {

  /** Deeper than any generated schema nests; stops a {@code $ref} cycle. */
  private static final int MAX_DEPTH = 32;

  private final JsonNode root;

  SchemaNavigation(JsonNode root) {
    this.root = root;
  }

  JsonNode root() {
    return root;
  }

  /** The properties an object of {@code schema} must have. */
  List<String> required(JsonNode schema) {
    List<String> required = new ArrayList<>();
    collectRequired(schema, required, 0);
    return required;
  }

  private void collectRequired(JsonNode schema, List<String> required, int depth) {
    JsonNode resolved = resolve(schema, depth);
    if (resolved == null || depth > MAX_DEPTH) {
      return;
    }
    for (JsonNode name : resolved.path("required")) {
      if (name.isString() && !required.contains(name.asString())) {
        required.add(name.asString());
      }
    }
    for (JsonNode member : resolved.path("allOf")) {
      collectRequired(member, required, depth + 1);
    }
  }

  /**
   * The schemas property {@code name} of an object of {@code schema} may have: empty when the
   * schema says there is no such property, null when it cannot say.
   */
  List<JsonNode> property(JsonNode schema, String name) {
    return property(schema, name, 0);
  }

  private List<JsonNode> property(JsonNode schema, String name, int depth) {
    JsonNode resolved = resolve(schema, depth);
    if (resolved == null || !resolved.isObject() || depth > MAX_DEPTH) {
      return null;
    }
    List<JsonNode> found = new ArrayList<>();
    boolean combined = false;
    for (String keyword : List.of("anyOf", "oneOf", "allOf")) {
      for (JsonNode member : resolved.path(keyword)) {
        combined = true;
        List<JsonNode> inMember = property(member, name, depth + 1);
        if (inMember == null) {
          return null;
        }
        found.addAll(inMember);
      }
    }
    JsonNode properties = resolved.path("properties");
    if (properties.has(name)) {
      found.add(properties.get(name));
    } else if (properties.isObject() && closed(resolved)) {
      // Listed properties without a schema for others: generators list every field a type has.
    } else if (resolved.has("type") && !allowsObject(resolved.get("type"))) {
      // A string, number, array, ... has no properties.
    } else if (!combined || properties.isObject() || resolved.has("additionalProperties")) {
      return null;
    }
    return found;
  }

  /** No {@code additionalProperties} (or {@code false}) and no {@code patternProperties}. */
  private static boolean closed(JsonNode schema) {
    JsonNode additional = schema.path("additionalProperties");
    return (additional.isMissingNode() || additional.isBoolean() && !additional.asBoolean())
        && !schema.has("patternProperties");
  }

  private static boolean allowsObject(JsonNode type) {
    if (type.isString()) {
      return "object".equals(type.asString());
    }
    for (JsonNode each : type) {
      if ("object".equals(each.asString(""))) {
        return true;
      }
    }
    return !type.isArray();
  }

  /** The schema a local {@code $ref} points to, followed to its end; null when unreadable. */
  private JsonNode resolve(JsonNode schema, int depth) {
    JsonNode current = schema;
    for (int hops = depth; current != null && current.path("$ref").isString(); hops++) {
      String ref = current.path("$ref").asString();
      if (hops > MAX_DEPTH || !ref.startsWith("#")) {
        return null;
      }
      JsonNode target = root.at(ref.substring(1));
      current = target.isMissingNode() ? null : target;
    }
    return current;
  }
}
