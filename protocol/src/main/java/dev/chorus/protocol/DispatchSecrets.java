package dev.chorus.protocol;

import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisStringCommands;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the keys of {@link DispatchTokens} come from. Production configures them; without any, a
 * local stack generates one and keeps it in Redis under {@link #KEY}, created with SET NX so that
 * every Chorus instance sharing the Redis signs and verifies with the same key. The key must be out
 * of agents' reach (an application-only key pattern in the Redis ACLs).
 */
public final class DispatchSecrets {

  /** The generated key, base64: application-only. */
  public static final String KEY = "chorus:secrets:dispatch";

  /**
   * The id of the generated key; listed with the generated secret among configured keys it keeps
   * verifying while tokens it signed are outstanding.
   */
  public static final String GENERATED_KEY_ID = "generated";

  private DispatchSecrets() {}

  /**
   * The key ring: the configured keys (id to base64 secret) with {@code currentKeyId} signing, or
   * when none are configured the generated key from Redis.
   *
   * @param currentKeyId which configured key signs; may be blank when only one is configured
   */
  public static DispatchTokens ring(
      Map<String, String> configured,
      String currentKeyId,
      Duration grace,
      RedisStringCommands<String, String> redis,
      Clock clock) {
    if (configured == null || configured.isEmpty()) {
      return new DispatchTokens(
          GENERATED_KEY_ID, Map.of(GENERATED_KEY_ID, generated(redis)), grace, clock);
    }
    Map<String, byte[]> secrets = new LinkedHashMap<>();
    configured.forEach((id, secret) -> secrets.put(id, decode(id, secret)));
    String current = currentKeyId;
    if (current == null || current.isBlank()) {
      if (configured.size() != 1) {
        throw new IllegalArgumentException(
            "chorus.bus.token-key-id must name the signing key among " + configured.keySet());
      }
      current = configured.keySet().iterator().next();
    }
    return new DispatchTokens(current, secrets, grace, clock);
  }

  /**
   * The generated key's ring, when one is in Redis, for tools that re-drive tasks beside the
   * application (a ring from configured keys is the application's alone).
   */
  public static java.util.Optional<DispatchTokens> stored(
      RedisStringCommands<String, String> redis, Duration grace, Clock clock) {
    return java.util.Optional.ofNullable(redis.get(KEY))
        .map(
            secret ->
                new DispatchTokens(
                    GENERATED_KEY_ID,
                    Map.of(GENERATED_KEY_ID, decode(GENERATED_KEY_ID, secret)),
                    grace,
                    clock));
  }

  private static byte[] generated(RedisStringCommands<String, String> redis) {
    byte[] fresh = new byte[DispatchTokens.MIN_SECRET_BYTES];
    new SecureRandom().nextBytes(fresh);
    // NX: the first instance's key wins, and every later one reads it.
    redis.set(KEY, Base64.getEncoder().encodeToString(fresh), SetArgs.Builder.nx());
    String stored = redis.get(KEY);
    if (stored == null) {
      throw new IllegalStateException(KEY + " vanished right after it was written");
    }
    return decode(GENERATED_KEY_ID, stored);
  }

  private static byte[] decode(String id, String secret) {
    try {
      return Base64.getDecoder().decode(secret.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "dispatch token key '" + id + "' is not base64 (openssl rand -base64 32 makes one)", e);
    }
  }
}
