package dev.chorus.protocol;

import java.util.List;
import java.util.Map;

/**
 * The string fields of a stream entry that has passed its envelope schema, read as typed values.
 */
final class EnvelopeFields {

  private final Map<String, String> fields;

  private EnvelopeFields(Map<String, String> fields) {
    this.fields = fields;
  }

  /** Checks the entry against its schema, throwing with every problem at once. */
  static EnvelopeFields validated(String kind, EnvelopeSchema schema, Map<String, String> fields) {
    List<String> problems = new java.util.ArrayList<>();
    if (Protocol.RETIRED_VERSION.equals(fields.get("v"))) {
      problems.add(
          "/v: protocol version "
              + Protocol.RETIRED_VERSION
              + " is no longer accepted, version "
              + Protocol.VERSION
              + " is required (every task carries a token, every reply echoes it)");
    }
    problems.addAll(schema.problems(fields));
    if (!problems.isEmpty()) {
      throw new MalformedEnvelopeException(
          "malformed " + kind + ": " + String.join("; ", problems));
    }
    return new EnvelopeFields(fields);
  }

  String text(String name) {
    return fields.get(name);
  }

  String text(String name, String fallback) {
    return fields.getOrDefault(name, fallback);
  }

  int integer(String name, int fallback) {
    String value = fields.get(name);
    return value == null ? fallback : Integer.parseInt(value);
  }

  long longInteger(String name) {
    return Long.parseLong(fields.get(name));
  }
}
