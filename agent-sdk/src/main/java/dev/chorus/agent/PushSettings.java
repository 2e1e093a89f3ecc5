package dev.chorus.agent;

import java.time.Duration;

/**
 * How an agent serves tasks over HTTP ({@link PushServer}).
 *
 * @param host the address to listen on, e.g. {@code 0.0.0.0}
 * @param port the port; 0 picks a free one
 * @param agentId the id replies name as {@code agentId}
 * @param concurrency most tasks worked on at once; one more is answered 429
 * @param bodyTimeout how long a request's body may take to arrive before it is answered 408
 */
public record PushSettings(
    String host, int port, String agentId, int concurrency, Duration bodyTimeout) {

  public PushSettings {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0 to 65535, was " + port);
    }
    if (bodyTimeout.isNegative() || bodyTimeout.isZero()) {
      throw new IllegalArgumentException("bodyTimeout must be longer than zero");
    }
  }
}
