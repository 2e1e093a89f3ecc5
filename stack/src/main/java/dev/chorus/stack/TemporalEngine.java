package dev.chorus.stack;

import java.util.List;
import java.util.OptionalLong;

/**
 * The Temporal a stack runs Chorus on: the {@linkplain TemporalDevServer dev server} of the {@code
 * temporal} CLI, or the {@linkplain PostgresTemporal Temporal server on PostgreSQL}. Either serves
 * the namespace {@value #NAMESPACE} with Chorus's search attributes once started.
 */
public interface TemporalEngine {

  String NAMESPACE = "default";

  /** {@code 127.0.0.1:<frontend port>}, the target of {@code spring.temporal.connection.target}. */
  String address();

  /** The Web UI, or null when the engine has none. */
  String uiUrl();

  /**
   * Starts whatever of the engine does not run yet and waits until it serves the namespace with
   * every search attribute a run upserts.
   *
   * @return true when the frontend was started now, false when it was already running
   */
  boolean start();

  /** Stops the engine's processes, the last started first. */
  void stop();

  /** The PID of the process that serves the frontend, while it runs. */
  OptionalLong pid();

  /** The engine's processes, in start order. */
  List<Component> components();
}
