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
 * @param jwt what a bearer JWT must say beyond a valid signature
 * @param failureLimit refused credentials one client address may send per failure period; then
 *     every request from it is refused with 429 until the period has passed
 * @param failurePeriod the period of the failure limit
 * @param validationConcurrency definitions validated at once; more wait up to {@code
 *     validationWait}, then are refused with 503 and Retry-After
 * @param validationWait how long a validation waits for its turn
 */
public record GatewaySettings(
    boolean securityEnabled,
    String rolesClaim,
    List<ConfiguredKey> apiKeys,
    long maxBodyBytes,
    int rateLimit,
    Duration ratePeriod,
    JwtClaims jwt,
    int failureLimit,
    Duration failurePeriod,
    int validationConcurrency,
    Duration validationWait) {

  public GatewaySettings {
    if (maxBodyBytes < 1
        || rateLimit < 1
        || !positive(ratePeriod)
        || failureLimit < 1
        || !positive(failurePeriod)
        || validationConcurrency < 1
        || validationWait.isNegative()) {
      throw new IllegalArgumentException(
          "gateway limits must be positive: body "
              + maxBodyBytes
              + " bytes, "
              + rateLimit
              + " requests per "
              + ratePeriod
              + ", "
              + failureLimit
              + " refused credentials per "
              + failurePeriod
              + ", "
              + validationConcurrency
              + " validations at once waiting "
              + validationWait);
    }
    apiKeys = List.copyOf(apiKeys);
    jwt = jwt == null ? new JwtClaims(null, null) : jwt;
  }

  private static boolean positive(Duration duration) {
    return !duration.isNegative() && !duration.isZero();
  }

  /**
   * Claims every bearer JWT must carry besides {@code exp} and {@code sub}, which are always
   * required.
   *
   * @param issuer the {@code iss} a JWT must name; none required when null or blank
   * @param audience a value the JWT's {@code aud} must contain; none required when null or blank
   */
  public record JwtClaims(String issuer, String audience) {}

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
