package dev.chorus.gateway;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;

/**
 * What a bearer JWT must carry beyond a valid signature and, when present, valid timestamps
 * (Spring's default validators): an {@code exp}, since a token that never expires cannot be
 * withdrawn; a {@code sub}, which names the caller in rate limits and logs; and the issuer and
 * audience when configured. Boot's resource-server configuration adds this validator to the decoder
 * it builds; a JWT failing it is answered 401.
 */
final class JwtRules {

  private JwtRules() {}

  /** Chorus's own claims, which Boot adds to Spring's default validators. */
  static OAuth2TokenValidator<Jwt> required(GatewaySettings.JwtClaims claims) {
    List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
    validators.add(new JwtClaimValidator<Instant>(JwtClaimNames.EXP, exp -> exp != null));
    validators.add(
        new JwtClaimValidator<String>(JwtClaimNames.SUB, sub -> sub != null && !sub.isBlank()));
    if (claims.issuer() != null && !claims.issuer().isBlank()) {
      validators.add(new JwtIssuerValidator(claims.issuer()));
    }
    if (claims.audience() != null && !claims.audience().isBlank()) {
      validators.add(
          new JwtClaimValidator<List<String>>(
              JwtClaimNames.AUD, aud -> aud != null && aud.contains(claims.audience())));
    }
    return new DelegatingOAuth2TokenValidator<>(validators);
  }
}
