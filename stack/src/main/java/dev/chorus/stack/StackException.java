package dev.chorus.stack;

/** A server could not be started, found or stopped; the message says which and what to do. */
public final class StackException extends RuntimeException {

  public StackException(String message) {
    super(message);
  }

  public StackException(String message, Throwable cause) {
    super(message, cause);
  }
}
