package dev.chorus.gateway;

/** A request that contradicts what exists: a taken name, a run that has already ended. */
class ConflictException extends RuntimeException {

  ConflictException(String message) {
    super(message);
  }
}
