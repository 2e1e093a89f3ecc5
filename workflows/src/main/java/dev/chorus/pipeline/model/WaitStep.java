package dev.chorus.pipeline.model;

/**
 * Waits for the signal named {@code signal}; its output is the signal's payload. When {@code
 * timeout} passes first, {@code onTimeout} decides: {@code fail} the step, or {@code continue} with
 * the output {@code {timedOut: true}}.
 */
@Kind("wait")
public record WaitStep(
    String name, String signal, String timeout, String onTimeout, OnError onError) implements Step {

  public WaitStep {
    onTimeout = onTimeout == null ? "fail" : onTimeout;
    onError = OnError.orFail(onError);
  }
}
