package dev.chorus.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the flat string fields of a registry hash, collecting every problem so that a malformed
 * registration is reported whole rather than one field at a time.
 */
final class FieldChecks {

  private final String kind;
  private final Map<String, String> fields;
  private final List<String> problems = new ArrayList<>();

  FieldChecks(String kind, Map<String, String> fields) {
    this.kind = kind;
    this.fields = fields;
    String version = fields.get("v");
    if (!Protocol.VERSION.equals(version)) {
      problems.add("field 'v' must be '" + Protocol.VERSION + "' but was '" + version + "'");
    }
  }

  String required(String name) {
    String value = fields.get(name);
    if (value == null || value.isBlank()) {
      problems.add("field '" + name + "' is missing");
    }
    return value;
  }

  String optional(String name) {
    return fields.get(name);
  }

  int requiredInt(String name) {
    String value = required(name);
    try {
      return value == null ? 0 : Integer.parseInt(value);
    } catch (NumberFormatException e) {
      problems.add("field '" + name + "' must be an integer but was '" + value + "'");
      return 0;
    }
  }

  void check(boolean condition, String problem) {
    if (!condition) {
      problems.add(problem);
    }
  }

  /** Throws with every problem found, or returns when the entry was well formed. */
  void done() {
    if (!problems.isEmpty()) {
      throw new MalformedEnvelopeException(
          "malformed " + kind + ": " + String.join("; ", problems));
    }
  }
}
