package dev.chorus.protocol;

/** A stream entry that is not a valid envelope; the message names every field that is wrong. */
public class MalformedEnvelopeException extends RuntimeException {

  public MalformedEnvelopeException(String message) {
    super(message);
  }
}
