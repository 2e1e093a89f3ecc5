package dev.chorus.pipeline;

import java.time.Duration;
import java.util.List;

/**
 * One agent step.
 *
 * @param name unique within its pipeline; the key of its output in the run's result
 * @param capability what kind of agent answers it
 * @param timeout how long one dispatch waits for a reply before the task is dispatched again
 * @param maxAttempts how many dispatches before the step fails
 * @param retryBackoff pause before re-dispatching after an agent's retryable error
 * @param versionRange which versions of the capability may answer, in npm forms ({@code ^2.1},
 *     {@code ~1.4}, {@code >=1.2 <2}); {@code *} for any
 * @param labels conditions on the answering agent's labels ({@code gpu=true}, {@code region in (eu, us)})
 * @param whenNoAgent {@code wait} (up to {@code waitForAgent}) or {@code fail} at once when no healthy
 *     agent meets the step's requirement
 * @param waitForAgent how long {@code wait} waits for such an agent to register
 */
public record StepDefinition(
    String name,
    String capability,
    Duration timeout,
    int maxAttempts,
    Duration retryBackoff,
    String versionRange,
    List<String> labels,
    String whenNoAgent,
    Duration waitForAgent) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  public static final int DEFAULT_MAX_ATTEMPTS = 3;
  public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofSeconds(1);
  public static final String ANY_VERSION = "*";
  public static final String WAIT = "wait";
  public static final String FAIL = "fail";
  public static final Duration DEFAULT_WAIT_FOR_AGENT = Duration.ofSeconds(30);

  public StepDefinition {
    if (name == null || name.isBlank() || capability == null || capability.isBlank()) {
      throw new IllegalArgumentException("a step needs a name and a capability");
    }
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    maxAttempts = maxAttempts <= 0 ? DEFAULT_MAX_ATTEMPTS : maxAttempts;
    retryBackoff = retryBackoff == null ? DEFAULT_RETRY_BACKOFF : retryBackoff;
    versionRange = versionRange == null || versionRange.isBlank() ? ANY_VERSION : versionRange;
    labels = labels == null ? List.of() : List.copyOf(labels);
    whenNoAgent = whenNoAgent == null ? WAIT : whenNoAgent;
    if (!whenNoAgent.equals(WAIT) && !whenNoAgent.equals(FAIL)) {
      throw new IllegalArgumentException(
          "step '" + name + "': whenNoAgent must be '" + WAIT + "' or '" + FAIL + "', was '" + whenNoAgent + "'");
    }
    waitForAgent = waitForAgent == null ? DEFAULT_WAIT_FOR_AGENT : waitForAgent;
  }

  /** A step with every default: any version, no label conditions, waiting for an agent. */
  public static StepDefinition of(String name, String capability) {
    return new StepDefinition(name, capability, null, 0, null, null, null, null, null);
  }

  /** How long dispatch may wait for a matching agent: zero when the step fails at once. */
  Duration agentWaitBound() {
    return whenNoAgent.equals(FAIL) ? Duration.ZERO : waitForAgent;
  }
}
