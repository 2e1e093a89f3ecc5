package dev.chorus.gateway;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.http.HttpMethod;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/** Which role each part of {@code /api/v1} needs; the first rule that matches a request decides. */
final class GatewayEndpoints {

  /** Requests of {@code method} (any when null) to {@code pattern} need {@code role}. */
  record Rule(HttpMethod method, String pattern, Role role) {

    RequestMatcher matcher() {
      return PathPatternRequestMatcher.withDefaults().matcher(method, pattern);
    }
  }

  static final List<Rule> RULES =
      List.of(
          new Rule(null, "/api/v1/api-keys/**", Role.ADMIN),
          new Rule(null, "/api/v1/agent-credentials/**", Role.ADMIN),
          new Rule(HttpMethod.POST, "/api/v1/pipelines/validate", Role.VIEWER),
          new Rule(HttpMethod.POST, "/api/v1/pipelines", Role.ADMIN),
          new Rule(HttpMethod.PUT, "/api/v1/pipelines/*", Role.ADMIN),
          new Rule(HttpMethod.POST, "/api/v1/pipelines/*/runs", Role.OPERATOR),
          new Rule(HttpMethod.POST, "/api/v1/runs/*/terminate", Role.ADMIN),
          new Rule(HttpMethod.POST, "/api/v1/runs/**", Role.OPERATOR),
          new Rule(HttpMethod.DELETE, "/api/v1/dead-letters/**", Role.ADMIN),
          new Rule(HttpMethod.POST, "/api/v1/dead-letters/**", Role.OPERATOR),
          new Rule(HttpMethod.POST, "/api/v1/capabilities/*/invoke", Role.OPERATOR),
          new Rule(HttpMethod.PUT, "/api/v1/capabilities/*/limits", Role.OPERATOR),
          new Rule(HttpMethod.DELETE, "/api/v1/capabilities/*/limits", Role.OPERATOR),
          new Rule(null, "/api/v1/**", Role.VIEWER));

  private GatewayEndpoints() {}

  /** A request to the API, which the gateway's own filters (limits, cross-site checks) guard. */
  static boolean isApi(HttpServletRequest request) {
    return request.getRequestURI().startsWith("/api/");
  }

  static Role roleFor(HttpServletRequest request) {
    return RULES.stream()
        .filter(rule -> rule.matcher().matches(request))
        .map(Rule::role)
        .findFirst()
        .orElse(Role.VIEWER);
  }
}
