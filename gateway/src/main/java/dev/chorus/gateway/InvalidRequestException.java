package dev.chorus.gateway;

/** A request that names something wrong: {@code field} says where, the message says what. */
class InvalidRequestException extends RuntimeException {

  private final String field;

  InvalidRequestException(String field, String problem) {
    super(problem);
    this.field = field;
  }

  String field() {
    return field;
  }
}
