package dev.chorus.gateway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * The page tokens of run listings: Temporal's own token behind a check of 8 bytes over the query
 * and that token. A client's made-up or edited token, or one of another query, is then known as
 * such before it reaches Temporal, whose visibility store may answer such a token with a bare
 * "something went wrong".
 */
final class PageTokens {

  private static final int CHECK_BYTES = 8;

  private PageTokens() {}

  static String wrap(String query, byte[] temporalToken) {
    byte[] check = check(query, temporalToken);
    byte[] token = Arrays.copyOf(check, CHECK_BYTES + temporalToken.length);
    System.arraycopy(temporalToken, 0, token, CHECK_BYTES, temporalToken.length);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
  }

  /** Temporal's token inside {@code pageToken}, if this API handed it out for {@code query}. */
  static Optional<byte[]> unwrap(String query, String pageToken) {
    byte[] token;
    try {
      token = Base64.getUrlDecoder().decode(pageToken);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (token.length <= CHECK_BYTES) {
      return Optional.empty();
    }
    byte[] temporalToken = Arrays.copyOfRange(token, CHECK_BYTES, token.length);
    byte[] check = Arrays.copyOf(token, CHECK_BYTES);
    return MessageDigest.isEqual(check, check(query, temporalToken))
        ? Optional.of(temporalToken)
        : Optional.empty();
  }

  private static byte[] check(String query, byte[] temporalToken) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] q = query.getBytes(StandardCharsets.UTF_8);
      digest.update(Integer.toString(q.length).getBytes(StandardCharsets.US_ASCII));
      digest.update((byte) ':');
      digest.update(q);
      digest.update(temporalToken);
      return Arrays.copyOf(digest.digest(), CHECK_BYTES);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
