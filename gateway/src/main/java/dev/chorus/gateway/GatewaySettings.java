package dev.chorus.gateway;

import java.time.Duration;
import java.util.List;

/**
 * How the gateway protects itself; built from {@code chorus.gateway.*}.
 *
 * @param securityEnabled require an API key or a bearer JWT on {@code /api/v1/**}
 * @param rolesClaim the JWT claim that lists the caller's roles ({@code viewer}, {@code operator},
 *     {@code admin})
 * @param apiKeys keys given in configuration, by their SHA-256, beside those created at runtime in
 *     Redis
 * @param maxBodyBytes largest request body accepted; larger ones are refused with 413
 * @param rateLimit requests one caller may make per period; more are refused with 429 and
 *     Retry-After
 * @param ratePeriod the period of the rate limit
 */
public record GatewaySettings(
    boolean securityEnabled,
    String rolesClaim,
    List<ConfiguredKey> apiKeys,
    long maxBodyBytes,
    int rateLimit,
    Duration ratePeriod) {

  public GatewaySettings {
    if (maxBodyBytes < 1 || rateLimit < 1 || ratePeriod.isNegative() || ratePeriod.isZero()) {
      throw new IllegalArgumentException(
          "gateway limits must be positive: body "
              + maxBodyBytes
              + " bytes, "
              + rateLimit
              + " requests per "
              + ratePeriod);
    }
    apiKeys = List.copyOf(apiKeys);
  }

  /** A key given in configuration: never the key itself, only its SHA-256 in hex. */
  public record ConfiguredKey(String name, String sha256, Role role) {

    public ConfiguredKey {
      Ids.require("name", name);
      if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
        throw new IllegalArgumentException(
            "API key '" + name + "': sha256 must be 64 lowercase hex digits");
      }
      if (role == null) {
        throw new IllegalArgumentException("API key '" + name + "': role is required");
      }
    }
  }
}
