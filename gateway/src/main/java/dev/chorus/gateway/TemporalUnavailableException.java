package dev.chorus.gateway;

/**
 * Temporal out of reach or overloaded: the server's trouble, but a passing one the caller may
 * retry.
 */
class TemporalUnavailableException extends RuntimeException {

  TemporalUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
