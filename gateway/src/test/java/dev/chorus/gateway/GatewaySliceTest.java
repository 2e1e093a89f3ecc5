package dev.chorus.gateway;

import static org.mockito.Mockito.when;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.chorus.definition.DefinitionLimits;
import dev.chorus.definition.DefinitionValidator;
import dev.chorus.definition.RedisDefinitionStore;
import dev.chorus.registry.CapabilityLimitStore;
import dev.chorus.registry.RegistryOverview;
import dev.chorus.registry.credentials.AgentCredentials;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The web layer alone: every controller, the real security chain, filters and error handling, with
 * the services behind the controllers replaced. One key per role is known to the mocked key store.
 */
@WebMvcTest
@Import({GatewaySecurity.class, GatewaySliceTest.Beans.class})
abstract class GatewaySliceTest {

  static final String VIEWER_KEY = "viewer-key";
  static final String OPERATOR_KEY = "operator-key";
  static final String ADMIN_KEY = "admin-key";
  static final long MAX_BODY_BYTES = 4096;
  static final KeyPair JWT_KEYS = rsa();
  static final String ISSUER = "https://issuer.example";
  static final String AUDIENCE = "chorus";

  @Autowired MockMvc mvc;
  @MockitoBean RunService runs;
  @MockitoBean RunListing listing;
  @MockitoBean ApiKeys keys;
  @MockitoBean RedisDefinitionStore store;
  @MockitoBean RegistryOverview registry;
  @MockitoBean DeadLetterQueues deadLetters;
  @MockitoBean Invoker invoker;
  @MockitoBean AgentCredentials agentCredentials;
  @MockitoBean RunStreams streams;
  @MockitoBean CapabilityLimitStore limits;

  @TestConfiguration(proxyBeanMethods = false)
  static class Beans {

    @Bean
    GatewaySettings gatewaySettings() {
      return settings(1_000_000, Duration.ofSeconds(1), 1_000_000);
    }

    @Bean
    DefinitionValidator definitionValidator(RedisDefinitionStore store) {
      return new DefinitionValidator(
          store, new DefinitionLimits(1000, 100, 100, 500, 4096, 32, 256, Duration.ofDays(3650)));
    }

    /** As Boot builds it: Spring's default validators and Chorus's claims. */
    @Bean
    JwtDecoder jwtDecoder(GatewaySettings settings) {
      NimbusJwtDecoder decoder =
          NimbusJwtDecoder.withPublicKey((RSAPublicKey) JWT_KEYS.getPublic()).build();
      decoder.setJwtValidator(
          JwtValidators.createDefaultWithValidators(List.of(JwtRules.required(settings.jwt()))));
      return decoder;
    }
  }

  /** Security on, issuer and audience required, the given request and failure limits. */
  static GatewaySettings settings(int requests, Duration period, int failures) {
    return new GatewaySettings(
        true,
        "roles",
        List.of(),
        MAX_BODY_BYTES,
        requests,
        period,
        new GatewaySettings.JwtClaims(ISSUER, AUDIENCE),
        failures,
        Duration.ofHours(1),
        2,
        Duration.ofSeconds(2));
  }

  @BeforeEach
  void knownKeys() {
    when(keys.find(VIEWER_KEY))
        .thenReturn(Optional.of(new ApiKeys.ApiKey("viewer", Role.VIEWER, false)));
    when(keys.find(OPERATOR_KEY))
        .thenReturn(Optional.of(new ApiKeys.ApiKey("operator", Role.OPERATOR, false)));
    when(keys.find(ADMIN_KEY))
        .thenReturn(Optional.of(new ApiKeys.ApiKey("admin", Role.ADMIN, false)));
  }

  static MockHttpServletRequestBuilder as(String key, MockHttpServletRequestBuilder request) {
    return request.header(ApiKeyAuthenticationFilter.HEADER, key);
  }

  /** A JWT signed with the key the decoder trusts, carrying {@code roles} in the roles claim. */
  static String jwt(String subject, List<String> roles, KeyPair signer) throws Exception {
    return jwt(
        new JWTClaimsSet.Builder()
            .subject(subject)
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .claim("roles", roles)
            .expirationTime(Date.from(Instant.now().plusSeconds(300)))
            .build(),
        signer);
  }

  /** A JWT of exactly these claims. */
  static String jwt(JWTClaimsSet claims, KeyPair signer) throws Exception {
    SignedJWT token = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
    token.sign(new RSASSASigner(signer.getPrivate()));
    return token.serialize();
  }

  static KeyPair rsa() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
