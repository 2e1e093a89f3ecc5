package dev.chorus.gateway;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;

/**
 * Requests an attacker would send: JWTs lacking what they must carry, guessed credentials,
 * cross-site simple requests. Three refused credentials per address are allowed here.
 */
@Import(HostileRequestsTest.ThreeFailures.class)
class HostileRequestsTest extends GatewaySliceTest {

  @TestConfiguration(proxyBeanMethods = false)
  static class ThreeFailures {
    @Bean
    @Primary
    GatewaySettings threeFailures() {
      return settings(1_000_000, Duration.ofSeconds(1), 3);
    }
  }

  private static JWTClaimsSet.Builder claims() {
    return new JWTClaimsSet.Builder()
        .subject("svc")
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .claim("roles", List.of("viewer"))
        .expirationTime(Date.from(Instant.now().plusSeconds(300)));
  }

  private void refused(JWTClaimsSet claims, String address) throws Exception {
    mvc.perform(
            get("/api/v1/agents")
                .with(r -> remote(r, address))
                .header("Authorization", "Bearer " + jwt(claims, JWT_KEYS)))
        .andExpect(status().isUnauthorized())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
  }

  private static org.springframework.mock.web.MockHttpServletRequest remote(
      org.springframework.mock.web.MockHttpServletRequest request, String address) {
    request.setRemoteAddr(address);
    return request;
  }

  @Test
  void aJwtWithEverythingItMustCarryIsAccepted() throws Exception {
    mvc.perform(
            get("/api/v1/agents")
                .header("Authorization", "Bearer " + jwt(claims().build(), JWT_KEYS)))
        .andExpect(status().isOk());
  }

  @Test
  void aJwtWithoutExpiryIsRefused() throws Exception {
    refused(claims().expirationTime(null).build(), "10.0.0.1");
  }

  @Test
  void aJwtWithoutSubjectIs401NotAnInternalError() throws Exception {
    refused(claims().subject(null).build(), "10.0.0.2");
  }

  @Test
  void aJwtOfAnotherIssuerOrAudienceIsRefused() throws Exception {
    refused(claims().issuer("https://elsewhere.example").build(), "10.0.0.3");
    refused(claims().audience("someone-else").build(), "10.0.0.3");
  }

  @Test
  void afterThreeRefusedCredentialsAnAddressIs429EvenWithAGoodKey() throws Exception {
    for (int i = 0; i < 3; i++) {
      mvc.perform(as("guess-" + i, get("/api/v1/agents")).with(r -> remote(r, "10.0.0.9")))
          .andExpect(status().isUnauthorized());
    }
    mvc.perform(as(VIEWER_KEY, get("/api/v1/agents")).with(r -> remote(r, "10.0.0.9")))
        .andExpect(status().isTooManyRequests())
        .andExpect(header().string("Retry-After", Matchers.matchesPattern("[1-9][0-9]*")))
        .andExpect(jsonPath("$.detail").value(Matchers.containsString("refused credentials")));
    mvc.perform(as(VIEWER_KEY, get("/api/v1/agents")).with(r -> remote(r, "10.0.0.10")))
        .andExpect(status().isOk());
  }

  @Test
  void missingCredentialsAreNotCountedAsRefused() throws Exception {
    for (int i = 0; i < 5; i++) {
      mvc.perform(get("/api/v1/agents").with(r -> remote(r, "10.0.0.11")))
          .andExpect(status().isUnauthorized());
    }
    mvc.perform(as(VIEWER_KEY, get("/api/v1/agents")).with(r -> remote(r, "10.0.0.11")))
        .andExpect(status().isOk());
  }

  @Test
  void aPlainTextRegistrationIs415() throws Exception {
    mvc.perform(
            as(ADMIN_KEY, post("/api/v1/pipelines"))
                .contentType(MediaType.TEXT_PLAIN)
                .content("name: x\nversion: 1\nsteps: [{name: a, kind: agent, capability: b}]"))
        .andExpect(status().isUnsupportedMediaType())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
  }

  @Test
  void aFormBodyToAnEndpointWithoutBodyIs415() throws Exception {
    mvc.perform(
            as(OPERATOR_KEY, post("/api/v1/runs/r-1/cancel"))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .content("a=b"))
        .andExpect(status().isUnsupportedMediaType());
  }

  @Test
  void aBodilessPostFromAForeignOriginIs403() throws Exception {
    mvc.perform(
            as(OPERATOR_KEY, post("/api/v1/runs/r-1/cancel"))
                .header("Origin", "https://evil.example")
                .header("Host", "localhost:8080"))
        .andExpect(status().isForbidden())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.detail").value(Matchers.containsString("https://evil.example")));
    mvc.perform(
            as(OPERATOR_KEY, post("/api/v1/runs/r-1/cancel"))
                .header("Origin", "null")
                .header("Host", "localhost:8080"))
        .andExpect(status().isForbidden());
  }

  @Test
  void aPostFromTheGatewaysOwnOriginPasses() throws Exception {
    mvc.perform(
            as(VIEWER_KEY, post("/api/v1/pipelines/validate"))
                .header("Origin", "http://localhost:8080")
                .header("Host", "localhost:8080")
                .contentType("application/yaml")
                .content("name: x\nversion: 1\nsteps: [{name: a, kind: agent, capability: b}]"))
        .andExpect(status().isOk());
  }

  @Test
  void anApiKeyMayComeAsAnAuthorizationScheme() throws Exception {
    mvc.perform(get("/api/v1/agents").header("Authorization", "ApiKey " + VIEWER_KEY))
        .andExpect(status().isOk());
  }
}
