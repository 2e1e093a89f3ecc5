package dev.chorus.pipeline.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Runs the steps of the first case whose condition holds, or {@code default} when none does. Its
 * output is {@code {case: <index or "default">, output: <last step's output>}}.
 */
@Kind("switch")
public record SwitchStep(
    String name,
    List<SwitchCase> cases,
    @JsonProperty("default") List<Step> otherwise,
    OnError onError)
    implements Step {

  public SwitchStep {
    cases = cases == null ? List.of() : List.copyOf(cases);
    otherwise = otherwise == null ? List.of() : List.copyOf(otherwise);
    onError = OnError.orFail(onError);
  }
}
