package dev.chorus.gateway;

import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a start asked for, kept in the run's memo, so that a start reusing a run id is told apart
 * from a retry of the same start: the same pipeline with the same input is a retry, anything else a
 * conflict.
 */
record StartFingerprint(String pipeline, String inputSha256) {

  static final String PIPELINE = "chorusStartPipeline";
  static final String INPUT = "chorusStartInput";
  static final String VERSION = "chorusStartVersion";

  /** Keys in order at every depth, so equal inputs digest alike whatever order they came in. */
  private static final JsonMapper CANONICAL =
      JsonMapper.builder().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

  static StartFingerprint of(String pipeline, Map<String, Object> input) {
    return new StartFingerprint(pipeline, ApiKeys.sha256(CANONICAL.writeValueAsString(input)));
  }

  /** The memo a run is started with: this fingerprint and the version the run pinned. */
  Map<String, Object> memo(int version) {
    return Map.of(PIPELINE, pipeline, INPUT, inputSha256, VERSION, version);
  }
}
