package dev.chorus.agent;

/** A failed task, with whether the run should try again. */
public class AgentException extends Exception {

  private final boolean retryable;

  private AgentException(String message, boolean retryable) {
    super(message);
    this.retryable = retryable;
  }

  /** Another attempt may succeed (a dependency was down, a limit was hit). */
  public static AgentException retryable(String message) {
    return new AgentException(message, true);
  }

  /** No attempt will succeed (the input cannot be processed); the step fails at once. */
  public static AgentException fatal(String message) {
    return new AgentException(message, false);
  }

  public boolean retryable() {
    return retryable;
  }
}
