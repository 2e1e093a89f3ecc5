package dev.chorus.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DispatchTokensTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final long DEADLINE = NOW.toEpochMilli() + 60_000;
  private static final byte[] OLD = secret(1);
  private static final byte[] NEW = secret(2);

  private final DispatchTokens tokens = ring("k1", Map.of("k1", OLD), at(NOW));
  private final String token = tokens.sign("w/r/s#1", "w/r/s", "w", "text.keywords", DEADLINE);

  @Test
  void aTokenVerifiesForItsOwnDispatchAndCarriesItsKeyDeadlineAndCapability() {
    assertThat(tokens.problem(token, "w/r/s#1", "w/r/s", "w")).isEmpty();
    assertThat(token).startsWith("k1." + DEADLINE + ".text.keywords.");
  }

  @Test
  void changingAnyFieldTheTokenCoversBreaksIt() {
    assertThat(tokens.problem(token, "w/r/s#2", "w/r/s", "w"))
        .contains("does not match this dispatch");
    assertThat(tokens.problem(token, "w/r/s#1", "w/r/t", "w"))
        .contains("does not match this dispatch");
    assertThat(tokens.problem(token, "w/r/s#1", "w/r/s", "v"))
        .contains("does not match this dispatch");
    assertThat(
            tokens.problem(
                token.replace(".text.keywords.", ".text.summary."), "w/r/s#1", "w/r/s", "w"))
        .contains("does not match this dispatch");
    assertThat(
            tokens.problem(
                token.replace("." + DEADLINE + ".", "." + (DEADLINE + 1) + "."),
                "w/r/s#1",
                "w/r/s",
                "w"))
        .contains("does not match this dispatch");
    char last = token.charAt(token.length() - 1);
    String flipped = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
    assertThat(tokens.problem(flipped, "w/r/s#1", "w/r/s", "w"))
        .contains("does not match this dispatch");
  }

  @Test
  void aMissingOrMalformedTokenIsNamedSo() {
    assertThat(tokens.problem(null, "w/r/s#1", "w/r/s", "w")).contains("missing");
    assertThat(tokens.problem("", "w/r/s#1", "w/r/s", "w")).contains("missing");
    assertThat(tokens.problem("made-up", "w/r/s#1", "w/r/s", "w")).contains("malformed");
    assertThat(tokens.problem("k1.1.text.keywords.short", "w/r/s#1", "w/r/s", "w"))
        .contains("malformed");
    assertThat(tokens.problem(token + "x".repeat(300), "w/r/s#1", "w/r/s", "w"))
        .contains("malformed");
  }

  @Test
  void aTokenOfAnotherSecretOrAnUnknownKeyIsRefused() {
    DispatchTokens forger = ring("k1", Map.of("k1", secret(9)), at(NOW));
    String forged = forger.sign("w/r/s#1", "w/r/s", "w", "text.keywords", DEADLINE);
    assertThat(tokens.problem(forged, "w/r/s#1", "w/r/s", "w"))
        .contains("does not match this dispatch");
    String unknown =
        ring("k9", Map.of("k9", OLD), at(NOW))
            .sign("w/r/s#1", "w/r/s", "w", "text.keywords", DEADLINE);
    assertThat(tokens.problem(unknown, "w/r/s#1", "w/r/s", "w"))
        .contains("signed by an unknown key 'k9'");
  }

  @Test
  void aTokenPastItsDeadlineIsRefused() {
    DispatchTokens later = ring("k1", Map.of("k1", OLD), at(NOW.plusSeconds(61)));
    assertThat(later.problem(token, "w/r/s#1", "w/r/s", "w"))
        .hasValueSatisfying(p -> assertThat(p).startsWith("expired at "));
  }

  @Test
  void afterRotationTheNewKeySignsAndTheOldOneVerifiesUntilTheGraceEnds() {
    MutableClock clock = new MutableClock(NOW);
    DispatchTokens rotated =
        new DispatchTokens("k2", Map.of("k1", OLD, "k2", NEW), Duration.ofMinutes(10), clock);
    String fresh = rotated.sign("w/r/s#1", "w/r/s", "w", "text.keywords", DEADLINE + 3_600_000);
    assertThat(fresh).startsWith("k2.");
    assertThat(rotated.problem(token, "w/r/s#1", "w/r/s", "w")).isEmpty();

    clock.now = NOW.plus(Duration.ofMinutes(10)).plusMillis(1);
    assertThat(rotated.problem(token, "w/r/s#1", "w/r/s", "w"))
        .hasValueSatisfying(p -> assertThat(p).startsWith("signed by key 'k1', retired at "));
    assertThat(rotated.problem(fresh, "w/r/s#1", "w/r/s", "w")).isEmpty();
  }

  @Test
  void onlyAGenuineTokenIsRenewedForALaterDeadline() {
    DispatchTokens later = ring("k1", Map.of("k1", OLD), at(NOW.plusSeconds(120)));
    long fresh = NOW.toEpochMilli() + 600_000;
    String renewed = later.renewed(token, "w/r/s#1", "w/r/s", "w", fresh).orElseThrow();
    assertThat(later.problem(renewed, "w/r/s#1", "w/r/s", "w")).isEmpty();
    assertThat(later.renewed(token, "w/r/s#2", "w/r/s", "w", fresh)).isEmpty();
    assertThat(later.renewed("made-up", "w/r/s#1", "w/r/s", "w", fresh)).isEmpty();
    assertThat(later.renewed(null, "w/r/s#1", "w/r/s", "w", fresh)).isEmpty();
  }

  @Test
  void shortSecretsBadKeyIdsAndAMissingCurrentKeyAreRefused() {
    assertThatThrownBy(() -> ring("k1", Map.of("k1", new byte[16]), at(NOW)))
        .hasMessageContaining("at least 32");
    assertThatThrownBy(() -> ring("k.1", Map.of("k.1", OLD), at(NOW)))
        .hasMessageContaining("key id 'k.1'");
    assertThatThrownBy(() -> ring("k2", Map.of("k1", OLD), at(NOW)))
        .hasMessageContaining("'k2' is not among the keys");
  }

  private static DispatchTokens ring(String current, Map<String, byte[]> keys, Clock clock) {
    return new DispatchTokens(current, keys, Duration.ofHours(1), clock);
  }

  private static Clock at(Instant instant) {
    return Clock.fixed(instant, ZoneOffset.UTC);
  }

  private static byte[] secret(int fill) {
    byte[] secret = new byte[32];
    Arrays.fill(secret, (byte) fill);
    return secret;
  }

  private static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
