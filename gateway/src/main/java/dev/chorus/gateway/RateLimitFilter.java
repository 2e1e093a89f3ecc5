package dev.chorus.gateway;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * At most {@code rateLimit} API requests per period per caller: an API key or JWT subject once
 * authenticated, the client address otherwise. A refused request gets 429 and how long to wait.
 */
class RateLimitFilter extends OncePerRequestFilter {

  private final Buckets buckets;

  RateLimitFilter(Buckets buckets) {
    this.buckets = buckets;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !GatewayEndpoints.isApi(request);
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String caller = Callers.of(request);
    if (buckets.take(caller)) {
      chain.doFilter(request, response);
      return;
    }
    tooMany(
        response,
        buckets.secondsToWait(caller),
        "more than " + buckets.permits() + " requests per " + buckets.period());
  }

  /** 429 with Retry-After, in the form of every other problem. */
  static void tooMany(HttpServletResponse response, long seconds, String why) throws IOException {
    response.setHeader("Retry-After", Long.toString(seconds));
    ProblemWriter.write(
        response,
        HttpStatus.TOO_MANY_REQUESTS,
        "Too many requests",
        why + "; retry after " + seconds + " s");
  }
}
