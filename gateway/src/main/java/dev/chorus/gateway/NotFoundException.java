package dev.chorus.gateway;

/** A pipeline or run that does not exist. */
class NotFoundException extends RuntimeException {

  NotFoundException(String message) {
    super(message);
  }
}
