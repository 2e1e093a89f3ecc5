package dev.chorus.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Every endpoint refuses callers without credentials (401) and callers whose role is too low (403).
 */
class SecurityTest extends GatewaySliceTest {

  private static final RunView RUN =
      new RunView(
          "r-1", "r-1", "t", "echo", 1, "RUNNING", null, List.of(), null, null, List.of(),
          List.of(), 0, "u");

  /** Every operation of the API with the least role that may call it. */
  static Stream<Arguments> endpoints() {
    return Stream.of(
        Arguments.of("GET", "/api/v1/pipelines", Role.VIEWER),
        Arguments.of("GET", "/api/v1/pipelines/echo", Role.VIEWER),
        Arguments.of("POST", "/api/v1/pipelines/validate", Role.VIEWER),
        Arguments.of("POST", "/api/v1/pipelines", Role.ADMIN),
        Arguments.of("PUT", "/api/v1/pipelines/echo", Role.ADMIN),
        Arguments.of("POST", "/api/v1/pipelines/echo/runs", Role.OPERATOR),
        Arguments.of("GET", "/api/v1/runs", Role.VIEWER),
        Arguments.of("GET", "/api/v1/runs/r-1", Role.VIEWER),
        Arguments.of("GET", "/api/v1/runs/r-1/result", Role.VIEWER),
        Arguments.of("POST", "/api/v1/runs/r-1/signals/approve", Role.OPERATOR),
        Arguments.of("POST", "/api/v1/runs/r-1/cancel", Role.OPERATOR),
        Arguments.of("POST", "/api/v1/runs/r-1/terminate", Role.ADMIN),
        Arguments.of("GET", "/api/v1/agents", Role.VIEWER),
        Arguments.of("GET", "/api/v1/capabilities", Role.VIEWER),
        Arguments.of("POST", "/api/v1/capabilities/text.echo/invoke", Role.OPERATOR),
        Arguments.of("GET", "/api/v1/dead-letters", Role.VIEWER),
        Arguments.of("GET", "/api/v1/dead-letters/text.echo", Role.VIEWER),
        Arguments.of("POST", "/api/v1/dead-letters/text.echo/1-0/redrive", Role.OPERATOR),
        Arguments.of("POST", "/api/v1/dead-letters/text.echo/redrive", Role.OPERATOR),
        Arguments.of("DELETE", "/api/v1/dead-letters/text.echo/1-0", Role.ADMIN),
        Arguments.of("DELETE", "/api/v1/dead-letters/text.echo", Role.ADMIN),
        Arguments.of("GET", "/api/v1/api-keys", Role.ADMIN),
        Arguments.of("POST", "/api/v1/api-keys", Role.ADMIN),
        Arguments.of("DELETE", "/api/v1/api-keys/ci", Role.ADMIN));
  }

  @ParameterizedTest(name = "{0} {1} without credentials")
  @MethodSource("endpoints")
  void withoutCredentialsIs401(String method, String path, Role role) throws Exception {
    mvc.perform(call(method, path))
        .andExpect(status().isUnauthorized())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(header().exists("WWW-Authenticate"));
  }

  @ParameterizedTest(name = "{0} {1} with a role below {2}")
  @MethodSource("endpoints")
  void belowTheRoleIs403AndWithItNeither(String method, String path, Role role) throws Exception {
    when(runs.start(any(), any())).thenReturn(new RunService.Started(RUN, true));
    for (Role caller : Role.values()) {
      int status =
          mvc.perform(as(keyOf(caller), call(method, path))).andReturn().getResponse().getStatus();
      if (caller.compareTo(role) < 0) {
        assertThat(status).as(caller + " on " + method + " " + path).isEqualTo(403);
      } else {
        assertThat(status).as(caller + " on " + method + " " + path).isNotIn(401, 403);
      }
    }
  }

  @Test
  void theForbiddenProblemNamesTheRoleNeeded() throws Exception {
    mvc.perform(as(VIEWER_KEY, post("/api/v1/runs/r-1/terminate")))
        .andExpect(status().isForbidden())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(
            jsonPath("$.detail").value("POST /api/v1/runs/r-1/terminate needs the role admin"));
  }

  @Test
  void anUnknownKeyIs401AndIsNotRepeatedInTheAnswer() throws Exception {
    String body =
        mvc.perform(as("not-a-key-3f9a", get("/api/v1/pipelines")))
            .andExpect(status().isUnauthorized())
            .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(body).contains("unknown or revoked").doesNotContain("not-a-key-3f9a");
  }

  @Test
  void aJwtWithTheRightRoleClaimIsAccepted() throws Exception {
    when(runs.start(eq("echo"), any())).thenReturn(new RunService.Started(RUN, true));
    mvc.perform(
            post("/api/v1/pipelines/echo/runs")
                .header("Authorization", "Bearer " + jwt("svc", List.of("operator"), JWT_KEYS))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"input\":{}}"))
        .andExpect(status().isCreated());
    mvc.perform(
            post("/api/v1/pipelines/echo/runs")
                .header("Authorization", "Bearer " + jwt("svc", List.of("viewer"), JWT_KEYS))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"input\":{}}"))
        .andExpect(status().isForbidden());
  }

  @Test
  void aJwtSignedByAnotherKeyIs401() throws Exception {
    mvc.perform(
            get("/api/v1/pipelines")
                .header("Authorization", "Bearer " + jwt("svc", List.of("admin"), rsa())))
        .andExpect(status().isUnauthorized())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
  }

  @Test
  void theDocumentAndHealthNeedNoCredentialsButOtherPathsStillAnswerProblems() throws Exception {
    mvc.perform(get("/not/an/api/path"))
        .andExpect(status().isNotFound())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
  }

  private static MockHttpServletRequestBuilder call(String method, String path) {
    MockHttpServletRequestBuilder request = request(HttpMethod.valueOf(method), path);
    return method.equals("GET") || method.equals("DELETE")
        ? request
        : request.contentType(MediaType.APPLICATION_JSON).content("{}");
  }

  private static String keyOf(Role role) {
    return Map.of(Role.VIEWER, VIEWER_KEY, Role.OPERATOR, OPERATOR_KEY, Role.ADMIN, ADMIN_KEY)
        .get(role);
  }
}
