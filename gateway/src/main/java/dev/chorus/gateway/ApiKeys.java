package dev.chorus.gateway;

import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * API keys, kept only as their SHA-256: the hash {@code chorus:api-keys} maps each hash to {@code
 * role:name}, and {@code chorus:api-key-names} maps each name to its hash so a key can be revoked
 * by name. Keys given in configuration are checked first and cannot be revoked at runtime.
 *
 * <p>A key counts only when both hashes agree: an entry written into {@code chorus:api-keys} alone
 * (never listed, never revocable by name) is refused. Only the application's Redis user can write
 * either (docs/architecture.md, "Trust model").
 */
public class ApiKeys {

  public static final String KEYS = "chorus:api-keys";
  public static final String NAMES = "chorus:api-key-names";

  /** Who a key belongs to. */
  public record ApiKey(String name, Role role, boolean configured) {}

  private final RedisCommands<String, String> redis;
  private final List<GatewaySettings.ConfiguredKey> configured;
  private final SecureRandom random = new SecureRandom();

  public ApiKeys(
      RedisCommands<String, String> redis, List<GatewaySettings.ConfiguredKey> configured) {
    this.redis = redis;
    this.configured = configured;
  }

  /** The key a caller presented, if it is known. */
  public Optional<ApiKey> find(String key) {
    String hash = sha256(key);
    for (GatewaySettings.ConfiguredKey c : configured) {
      if (MessageDigest.isEqual(
          c.sha256().getBytes(StandardCharsets.US_ASCII),
          hash.getBytes(StandardCharsets.US_ASCII))) {
        return Optional.of(new ApiKey(c.name(), c.role(), true));
      }
    }
    return Optional.ofNullable(redis.hget(KEYS, hash))
        .map(ApiKeys::parse)
        .filter(found -> hash.equals(redis.hget(NAMES, found.name())));
  }

  /**
   * Creates a key and returns it; this is the only time the key itself is seen. Empty when the name
   * is taken.
   */
  public Optional<String> create(String name, Role role) {
    String key = "chorus_" + Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes());
    String hash = sha256(key);
    if (configured.stream().anyMatch(c -> c.name().equals(name))
        || !redis.hsetnx(NAMES, name, hash)) {
      return Optional.empty();
    }
    redis.hset(KEYS, hash, role.label() + ":" + name);
    return Optional.of(key);
  }

  /** Removes a runtime key; false when there is none of that name. */
  public boolean revoke(String name) {
    String hash = redis.hget(NAMES, name);
    if (hash == null) {
      return false;
    }
    redis.hdel(KEYS, hash);
    return redis.hdel(NAMES, name) == 1;
  }

  /** Every key, configured ones first, runtime ones by name. */
  public List<ApiKey> list() {
    List<ApiKey> keys = new ArrayList<>();
    configured.forEach(c -> keys.add(new ApiKey(c.name(), c.role(), true)));
    Map<String, String> names = redis.hgetall(NAMES);
    names.keySet().stream()
        .sorted()
        .forEach(
            name -> {
              String entry = redis.hget(KEYS, names.get(name));
              if (entry != null) {
                keys.add(parse(entry));
              }
            });
    return keys;
  }

  /** SHA-256 in lowercase hex, the form keys are stored and configured in. */
  public static String sha256(String key) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private byte[] randomBytes() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return bytes;
  }

  private static ApiKey parse(String entry) {
    int colon = entry.indexOf(':');
    return new ApiKey(entry.substring(colon + 1), Role.of(entry.substring(0, colon)), false);
  }
}
