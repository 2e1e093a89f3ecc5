package dev.chorus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Security on the real stack: keys created and revoked at runtime in Redis, roles, bearer JWTs
 * checked against the configured public key, and the open health and OpenAPI endpoints.
 */
@ChorusE2E
class GatewaySecurityIT {

  private final TestStack stack;
  private final Gateway admin;

  GatewaySecurityIT(TestStack stack) {
    this.stack = stack;
    this.admin = new Gateway(stack.gatewayUrl);
  }

  @Test
  void aKeyCreatedAtRuntimeWorksForItsRoleUntilRevoked() throws Exception {
    String name = "viewer-" + UUID.randomUUID().toString().substring(0, 8);
    Gateway.Response created =
        admin.post("/api/v1/api-keys", Map.of("name", name, "role", "viewer"));
    assertThat(created.status()).isEqualTo(201);
    String key = (String) created.body().get("key");
    assertThat(stack.redis.hvals(dev.chorus.gateway.ApiKeys.KEYS)).noneMatch(v -> v.contains(key));

    Gateway viewer = new Gateway(stack.gatewayUrl, "X-API-Key", key);
    assertThat(viewer.get("/api/v1/pipelines").status()).isEqualTo(200);
    Gateway.Response start =
        viewer.post("/api/v1/pipelines/echo-twice/runs", Map.of("input", Map.of()));
    assertThat(start.status()).isEqualTo(403);
    assertThat(start.body()).containsEntry("title", "Forbidden");

    assertThat(admin.delete("/api/v1/api-keys/" + name)).isEqualTo(204);
    Gateway.Response revoked = viewer.get("/api/v1/pipelines");
    assertThat(revoked.status()).isEqualTo(401);
    assertThat((String) revoked.body().get("detail"))
        .contains("unknown or revoked")
        .doesNotContain(key);
  }

  @Test
  void withoutCredentialsTheApiIs401() throws Exception {
    Gateway anonymous = new Gateway(stack.gatewayUrl, null, null);
    Gateway.Response response = anonymous.get("/api/v1/runs");
    assertThat(response.status()).isEqualTo(401);
    assertThat(response.body()).containsEntry("status", 401);
  }

  @Test
  void aJwtIsAcceptedWithTheRolesOfItsClaim() throws Exception {
    Gateway operator =
        new Gateway(stack.gatewayUrl, "Authorization", "Bearer " + jwt(List.of("operator")));
    Gateway viewer =
        new Gateway(stack.gatewayUrl, "Authorization", "Bearer " + jwt(List.of("viewer")));
    assertThat(operator.get("/api/v1/runs?pageSize=1").status()).isEqualTo(200);
    assertThat(operator.post("/api/v1/runs/no-such-run/cancel", Map.of()).status()).isEqualTo(404);
    assertThat(viewer.post("/api/v1/runs/no-such-run/cancel", Map.of()).status()).isEqualTo(403);
  }

  @Test
  void healthAndTheOpenApiDocumentNeedNoCredentials() throws Exception {
    Gateway anonymous = new Gateway(stack.gatewayUrl, null, null);
    Gateway.Response readiness = anonymous.get("/actuator/health/readiness");
    assertThat(readiness.status()).isEqualTo(200);
    assertThat(readiness.body()).containsEntry("status", "UP");
    assertThat(readiness.body().get("components").toString())
        .contains("redis")
        .contains("temporal");
    assertThat(anonymous.get("/actuator/health/liveness").body()).containsEntry("status", "UP");
    Gateway.Response document = anonymous.get("/v3/api-docs");
    assertThat(document.status()).isEqualTo(200);
    assertThat(document.body().get("paths").toString())
        .contains("/api/v1/runs/{runId}/result")
        .contains("/api/v1/api-keys");
  }

  private String jwt(List<String> roles) throws Exception {
    SignedJWT token =
        new SignedJWT(
            new JWSHeader(JWSAlgorithm.RS256),
            new JWTClaimsSet.Builder()
                .subject("e2e-service")
                .issuer(TestStack.JWT_ISSUER)
                .claim("roles", roles)
                .expirationTime(Date.from(Instant.now().plusSeconds(300)))
                .build());
    token.sign(new RSASSASigner(stack.jwtKeys.getPrivate()));
    return token.serialize();
  }
}
