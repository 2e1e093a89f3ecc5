package dev.chorus.protocol;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One entry of a dead-letter stream.
 *
 * @param id its id in the dead-letter stream
 * @param stream where the entry came from
 * @param entryId its id there
 * @param reason why it could not be processed
 * @param rejectedBy who gave up on it (an agent id, the bridge, the reclaimer)
 * @param deliveries how many times it had been handed to a consumer
 * @param fields the entry's original fields
 */
public record DeadLetter(
    String id,
    String stream,
    String entryId,
    String reason,
    String rejectedBy,
    int deliveries,
    Map<String, String> fields) {

  static final String FIELD_PREFIX = "field.";

  Map<String, String> toFields() {
    Map<String, String> letter = new LinkedHashMap<>();
    letter.put("stream", stream);
    letter.put("entryId", entryId);
    letter.put("reason", reason);
    letter.put("rejectedBy", rejectedBy);
    letter.put("deliveries", Integer.toString(deliveries));
    fields.forEach((name, value) -> letter.put(FIELD_PREFIX + name, value));
    return letter;
  }

  static DeadLetter fromFields(String id, Map<String, String> letter) {
    Map<String, String> original = new LinkedHashMap<>();
    letter.forEach(
        (name, value) -> {
          if (name.startsWith(FIELD_PREFIX)) {
            original.put(name.substring(FIELD_PREFIX.length()), value);
          }
        });
    return new DeadLetter(
        id,
        letter.get("stream"),
        letter.get("entryId"),
        letter.get("reason"),
        letter.get("rejectedBy"),
        Integer.parseInt(letter.getOrDefault("deliveries", "1")),
        original);
  }
}
