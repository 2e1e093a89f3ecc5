package dev.chorus.bridge;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Set;

/**
 * Why a reply could not be signalled into its run, and so what becomes of it. While Temporal is out
 * of reach, overloaded or refusing the bridge itself, the reply is not at fault: it stays pending
 * and is tried again. Any other failure is the reply's own (Temporal refused it, or the bridge has
 * a bug) and will not pass by trying again, so the reply is dead-lettered with the reason.
 *
 * @param temporalAway true when the reply should wait for Temporal
 * @param reason what went wrong, for the log and the dead letter
 */
record SignalFailure(boolean temporalAway, String reason) {

  private static final Set<Status.Code> TEMPORAL_AWAY =
      Set.of(
          Status.Code.UNAVAILABLE,
          Status.Code.DEADLINE_EXCEEDED,
          Status.Code.RESOURCE_EXHAUSTED,
          Status.Code.ABORTED,
          Status.Code.CANCELLED,
          // The bridge's credentials, not the reply: every reply would fail alike until they are
          // mended.
          Status.Code.UNAUTHENTICATED,
          Status.Code.PERMISSION_DENIED);

  /**
   * The SDK wraps the gRPC status (e.g. in a WorkflowServiceException), so it is looked for down
   * the causes.
   */
  static SignalFailure of(RuntimeException failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof StatusRuntimeException grpc) {
        Status status = grpc.getStatus();
        return new SignalFailure(
            TEMPORAL_AWAY.contains(status.getCode()),
            "Temporal refused the signal: "
                + status.getCode()
                + (status.getDescription() == null ? "" : ": " + status.getDescription()));
      }
    }
    return new SignalFailure(
        false,
        "the reply could not be applied: "
            + failure.getClass().getSimpleName()
            + ": "
            + failure.getMessage());
  }
}
