package dev.chorus.gateway;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowNotFoundException;
import java.util.function.Supplier;

/**
 * Temporal's exceptions in the gateway's terms, at the one boundary where the gateway calls
 * Temporal, so the error handler answers the gateway's own exceptions instead of guessing at
 * Temporal's. What this does not know stays as it is: an unexpected error.
 */
final class TemporalErrors {

  private TemporalErrors() {}

  /**
   * {@code call}'s answer, or its failure translated; {@code notFound} says what is missing, {@code
   * field} what a refused argument was.
   */
  static <T> T call(String notFound, String field, Supplier<T> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      throw translated(e, notFound, field);
    }
  }

  static void run(String notFound, String field, Runnable call) {
    call(
        notFound,
        field,
        () -> {
          call.run();
          return null;
        });
  }

  /**
   * The SDK wraps the gRPC status (e.g. in a WorkflowServiceException), so it is looked for down
   * the causes.
   */
  static RuntimeException translated(RuntimeException e, String notFound, String field) {
    if (e instanceof WorkflowNotFoundException) {
      return new NotFoundException(notFound);
    }
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof StatusRuntimeException grpc) {
        Status status = grpc.getStatus();
        return switch (status.getCode()) {
          case NOT_FOUND -> new NotFoundException(notFound);
          case UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED ->
              new TemporalUnavailableException("Temporal answered " + status.getCode(), e);
          case INVALID_ARGUMENT ->
              new InvalidRequestException(field, String.valueOf(status.getDescription()));
          default -> e;
        };
      }
    }
    return e;
  }
}
