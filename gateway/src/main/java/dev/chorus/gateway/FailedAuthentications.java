package dev.chorus.gateway;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refused credentials (an unknown API key, a bad JWT) count against the client address; once an
 * address has used up its allowance for the period, its API requests are refused with 429 before
 * any credential is looked at, so keys cannot be guessed at the speed of the gateway.
 */
class FailedAuthentications extends OncePerRequestFilter {

  private final Buckets failures;

  FailedAuthentications(Buckets failures) {
    this.failures = failures;
  }

  /** Called by the entry point for each refused credential. */
  void record(HttpServletRequest request) {
    failures.take(address(request));
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !GatewayEndpoints.isApi(request);
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String address = address(request);
    if (failures.empty(address)) {
      RateLimitFilter.tooMany(
          response,
          failures.secondsToWait(address),
          "more than "
              + failures.permits()
              + " refused credentials from this address per "
              + failures.period());
      return;
    }
    chain.doFilter(request, response);
  }

  private static String address(HttpServletRequest request) {
    return request.getRemoteAddr();
  }
}
