package dev.chorus.stack;

/**
 * Loopback ports of the Temporal server's four services, each with a gRPC port and a membership
 * (gossip) port, and the frontend's HTTP API.
 *
 * <p>The server records every membership port in PostgreSQL's {@code cluster_membership} table, in
 * a {@code smallint} column: a port above {@value #MEMBERSHIP_LIMIT} fails its start with "out of
 * range for type smallint".
 */
public record TemporalServerPorts(
    Service frontend, int http, Service history, Service matching, Service worker) {

  /** The largest port a {@code smallint} holds. */
  static final int MEMBERSHIP_LIMIT = Short.MAX_VALUE;

  /** One service's ports. */
  public record Service(int grpc, int membership) {
    public Service {
      if (membership > MEMBERSHIP_LIMIT) {
        throw new IllegalArgumentException(
            "the Temporal server's membership port "
                + membership
                + " is above "
                + MEMBERSHIP_LIMIT
                + ", which its PostgreSQL schema cannot store");
      }
    }
  }

  /**
   * Temporal's own layout around a frontend port: with 7233, history 7234, matching 7235, worker
   * 7239, HTTP 7243, and membership 300 below each gRPC port (6933, ...). A persistent stack keeps
   * the same ports across restarts this way.
   */
  public static TemporalServerPorts around(int frontend) {
    return new TemporalServerPorts(
        service(frontend),
        frontend + 10,
        service(frontend + 1),
        service(frontend + 2),
        service(frontend + 6));
  }

  /** Free ports for each, the membership ones below {@value #MEMBERSHIP_LIMIT}: for tests. */
  public static TemporalServerPorts free() {
    return new TemporalServerPorts(
        freeService(), Ports.free(), freeService(), freeService(), freeService());
  }

  private static Service service(int grpc) {
    return new Service(grpc, grpc - 300);
  }

  private static Service freeService() {
    return new Service(Ports.free(), Ports.freeBelow(MEMBERSHIP_LIMIT + 1));
  }
}
