package dev.chorus.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PageTokensTest {

  private static final String QUERY = "ChorusPipeline='demo'";
  private static final byte[] TEMPORAL = "temporal's own token".getBytes(StandardCharsets.UTF_8);

  @Test
  void aTokenHandedOutComesBackAsTemporalsToken() {
    String token = PageTokens.wrap(QUERY, TEMPORAL);

    assertThat(PageTokens.unwrap(QUERY, token))
        .hasValueSatisfying(t -> assertThat(t).isEqualTo(TEMPORAL));
  }

  @Test
  void aTokenOfAnotherQueryIsRefused() {
    String token = PageTokens.wrap(QUERY, TEMPORAL);

    assertThat(PageTokens.unwrap("ChorusStatus='COMPENSATED'", token)).isEmpty();
  }

  @Test
  void madeUpEditedOrShortTokensAreRefused() {
    byte[] edited = Base64.getUrlDecoder().decode(PageTokens.wrap(QUERY, TEMPORAL));
    edited[edited.length - 1] ^= 1;

    assertThat(PageTokens.unwrap(QUERY, Base64.getUrlEncoder().encodeToString(edited))).isEmpty();
    assertThat(PageTokens.unwrap(QUERY, "[Filtered]")).isEmpty();
    assertThat(PageTokens.unwrap(QUERY, "AAAA")).isEmpty();
    assertThat(PageTokens.unwrap(QUERY, Base64.getUrlEncoder().encodeToString(TEMPORAL))).isEmpty();
  }
}
