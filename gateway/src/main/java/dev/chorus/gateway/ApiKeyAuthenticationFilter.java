package dev.chorus.gateway;

import io.lettuce.core.RedisException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a request that carries an {@code X-API-Key} header, or {@code Authorization: ApiKey
 * <key>} for clients that can set only that header (Prometheus's {@code authorization} scrape
 * setting); an unknown key is refused at once.
 */
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

  static final String HEADER = "X-API-Key";
  static final String SCHEME = "ApiKey ";

  private final ApiKeys keys;
  private final AuthenticationEntryPoint entryPoint;

  ApiKeyAuthenticationFilter(ApiKeys keys, AuthenticationEntryPoint entryPoint) {
    this.keys = keys;
    this.entryPoint = entryPoint;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String presented = request.getHeader(HEADER);
    String authorization = request.getHeader("Authorization");
    if (presented == null
        && authorization != null
        && authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      presented = authorization.substring(SCHEME.length()).strip();
    }
    if (presented == null) {
      chain.doFilter(request, response);
      return;
    }
    Optional<ApiKeys.ApiKey> key;
    try {
      key = keys.find(presented);
    } catch (RedisException e) {
      // The keys created through the API live in Redis; no controller advice reaches a filter.
      ProblemWriter.write(
          response,
          HttpStatus.SERVICE_UNAVAILABLE,
          "Redis unavailable",
          "the API key could not be checked: Redis did not answer ("
              + e.getClass().getSimpleName()
              + ")");
      return;
    }
    if (key.isEmpty()) {
      SecurityContextHolder.clearContext();
      entryPoint.commence(
          request, response, new BadCredentialsException("the API key is unknown or revoked"));
      return;
    }
    var authentication =
        UsernamePasswordAuthenticationToken.authenticated(
            "key:" + key.get().name(),
            null,
            List.of(new SimpleGrantedAuthority(key.get().role().authority())));
    SecurityContextHolder.getContext().setAuthentication(authentication);
    chain.doFilter(request, response);
  }
}
