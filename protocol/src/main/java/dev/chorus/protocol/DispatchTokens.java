package dev.chorus.protocol;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Dispatch tokens: proof that a reply answers a task Chorus sent. A token is {@code
 * <keyId>.<deadline>.<capability>.<mac>}, where the mac is the base64url HMAC-SHA256, under the key
 * named, of the dispatch id, task id, workflow id, capability and deadline (epoch milliseconds).
 * The capability and deadline travel in the token so that a verifier needs nothing but the reply;
 * agents treat the token as opaque and echo it unchanged.
 *
 * <p>Keys form a ring: the current key signs, and every key verifies until it is retired. A key
 * that is no longer current is retired {@code grace} after this ring was built, which is when the
 * instance started with the new current key; by then every token it signed has passed its deadline
 * or been answered, provided the grace outlasts the longest step timeout.
 */
public final class DispatchTokens {

  /** Key ids are what may stand in the first segment of a token. */
  public static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");

  /** Shorter secrets than this are refused: HMAC-SHA256 wants 256 bits of key. */
  public static final int MIN_SECRET_BYTES = 32;

  private static final String ALGORITHM = "HmacSHA256";
  private static final Base64.Encoder MAC_TEXT = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder MAC_BYTES = Base64.getUrlDecoder();
  private static final int MAC_TEXT_LENGTH = 43;
  private static final Pattern DEADLINE = Pattern.compile("[0-9]{1,15}");

  private final String currentKeyId;
  private final Map<String, SecretKeySpec> keys;
  private final Instant retireOthersAt;
  private final Clock clock;

  /**
   * @param currentKeyId the key that signs; must be in {@code secrets}
   * @param secrets every key that verifies, by id
   * @param grace how long keys other than the current one still verify
   */
  public DispatchTokens(
      String currentKeyId, Map<String, byte[]> secrets, Duration grace, Clock clock) {
    if (!secrets.containsKey(currentKeyId)) {
      throw new IllegalArgumentException(
          "the current dispatch token key '" + currentKeyId + "' is not among the keys given");
    }
    Map<String, SecretKeySpec> ring = new LinkedHashMap<>();
    secrets.forEach(
        (id, secret) -> {
          if (!KEY_ID.matcher(id).matches()) {
            throw new IllegalArgumentException(
                "dispatch token key id '" + id + "' must match " + KEY_ID.pattern());
          }
          if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException(
                "dispatch token key '"
                    + id
                    + "' has "
                    + secret.length
                    + " bytes; at least "
                    + MIN_SECRET_BYTES
                    + " are needed");
          }
          ring.put(id, new SecretKeySpec(secret.clone(), ALGORITHM));
        });
    this.currentKeyId = currentKeyId;
    this.keys = Map.copyOf(ring);
    this.clock = clock;
    this.retireOthersAt = clock.instant().plus(grace);
  }

  /** The token of one dispatch. */
  public String sign(
      String dispatchId, String taskId, String workflowId, String capability, long deadlineMillis) {
    String head = currentKeyId + "." + deadlineMillis + "." + capability;
    return head
        + "."
        + MAC_TEXT.encodeToString(
            mac(
                keys.get(currentKeyId),
                dispatchId,
                taskId,
                workflowId,
                capability,
                deadlineMillis));
  }

  /**
   * What is wrong with {@code token} for this dispatch, for a dead letter's reason; empty when it
   * is Chorus's own token for exactly this dispatch, task and run, by a key still in service,
   * before its deadline.
   */
  public Optional<String> problem(
      String token, String dispatchId, String taskId, String workflowId) {
    Optional<Parsed> parsed = parse(token);
    if (parsed.isEmpty()) {
      return Optional.of(token == null || token.isEmpty() ? "missing" : "malformed");
    }
    Parsed t = parsed.get();
    Optional<String> unusable = unusableKey(t.keyId());
    if (unusable.isPresent()) {
      return unusable;
    }
    if (!matches(t, dispatchId, taskId, workflowId)) {
      return Optional.of("does not match this dispatch");
    }
    if (clock.millis() > t.deadlineMillis()) {
      return Optional.of(
          "expired at "
              + Instant.ofEpochMilli(t.deadlineMillis())
              + ": the run no longer waits for this dispatch");
    }
    return Optional.empty();
  }

  /**
   * The same dispatch's token with a later deadline, when {@code token} is a genuine one for it
   * whatever its deadline (so a re-driven task can be answered); empty otherwise, so a planted
   * entry is never given a token.
   */
  public Optional<String> renewed(
      String token, String dispatchId, String taskId, String workflowId, long deadlineMillis) {
    return parse(token)
        .filter(t -> unusableKey(t.keyId()).isEmpty())
        .filter(t -> matches(t, dispatchId, taskId, workflowId))
        .map(t -> sign(dispatchId, taskId, workflowId, t.capability(), deadlineMillis));
  }

  private Optional<String> unusableKey(String keyId) {
    if (!keys.containsKey(keyId)) {
      return Optional.of("signed by an unknown key '" + keyId + "'");
    }
    if (!keyId.equals(currentKeyId) && clock.instant().isAfter(retireOthersAt)) {
      return Optional.of("signed by key '" + keyId + "', retired at " + retireOthersAt);
    }
    return Optional.empty();
  }

  private boolean matches(Parsed t, String dispatchId, String taskId, String workflowId) {
    if (dispatchId == null || taskId == null || workflowId == null) {
      return false;
    }
    byte[] expected =
        mac(
            keys.get(t.keyId()),
            dispatchId,
            taskId,
            workflowId,
            t.capability(),
            t.deadlineMillis());
    // Constant time, so the time taken tells a forger nothing about how much of a guess was right.
    return MessageDigest.isEqual(expected, t.mac());
  }

  private static Optional<Parsed> parse(String token) {
    if (token == null || token.length() > 256) {
      return Optional.empty();
    }
    int first = token.indexOf('.');
    int second = first < 0 ? -1 : token.indexOf('.', first + 1);
    int last = token.lastIndexOf('.');
    if (second < 0 || last <= second) {
      return Optional.empty();
    }
    String keyId = token.substring(0, first);
    String deadline = token.substring(first + 1, second);
    String capability = token.substring(second + 1, last);
    String mac = token.substring(last + 1);
    if (!KEY_ID.matcher(keyId).matches()
        || !DEADLINE.matcher(deadline).matches()
        || !Capabilities.isValidName(capability)
        || mac.length() != MAC_TEXT_LENGTH) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new Parsed(keyId, Long.parseLong(deadline), capability, MAC_BYTES.decode(mac)));
    } catch (IllegalArgumentException notBase64) {
      return Optional.empty();
    }
  }

  private static byte[] mac(
      SecretKeySpec key,
      String dispatchId,
      String taskId,
      String workflowId,
      String capability,
      long deadlineMillis) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      // Each field is length-prefixed, so no two different tuples give the same message.
      for (String field :
          new String[] {
            dispatchId, taskId, workflowId, capability, Long.toString(deadlineMillis)
          }) {
        byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
        mac.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
        mac.update((byte) ':');
        mac.update(bytes);
      }
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }

  private record Parsed(String keyId, long deadlineMillis, String capability, byte[] mac) {}
}
