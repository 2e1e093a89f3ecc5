package dev.chorus.stack;

/**
 * Loopback ports of a Temporal dev server.
 *
 * @param frontend the gRPC frontend clients and workers connect to
 * @param ui the Web UI, 0 for none
 * @param http the HTTP API
 * @param metrics the server's own Prometheus metrics, 0 for none
 */
public record TemporalPorts(int frontend, int ui, int http, int metrics) {

  /** Free ports for each, with no Web UI: what a test needs. */
  public static TemporalPorts freeHeadless() {
    return new TemporalPorts(Ports.free(), 0, Ports.free(), 0);
  }

  /** Free ports for each, with the Web UI: for tests that look at runs as an operator does. */
  public static TemporalPorts freeWithUi() {
    return new TemporalPorts(Ports.free(), Ports.free(), Ports.free(), 0);
  }
}
