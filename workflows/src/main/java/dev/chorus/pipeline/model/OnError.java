package dev.chorus.pipeline.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a step's failure does to its run. */
public enum OnError {
  /** The run fails; the compensations of the steps that completed run first. */
  FAIL,
  /** The failure is recorded, the step's output is {@code {error: "…"}}, and the run goes on. */
  CONTINUE,
  /** The completed steps are compensated and the run ends as COMPENSATED instead of failing. */
  COMPENSATE;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static OnError of(String value) {
    return value == null ? FAIL : valueOf(value.toUpperCase(Locale.ROOT));
  }

  static OnError orFail(OnError value) {
    return value == null ? FAIL : value;
  }
}
