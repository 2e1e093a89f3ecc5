package dev.chorus.registry;

/** No healthy agent meets a step's requirement; the message lists what is registered. */
public class NoAgentException extends RuntimeException {

  public NoAgentException(String message) {
    super(message);
  }
}
