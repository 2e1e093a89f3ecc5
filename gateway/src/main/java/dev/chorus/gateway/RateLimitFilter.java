package dev.chorus.gateway;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * At most {@code rateLimit} API requests per period per caller: an API key or JWT subject once
 * authenticated, the client address otherwise. A refused request gets 429 and how long to wait.
 */
class RateLimitFilter extends OncePerRequestFilter {

  private final RateLimiterRegistry limiters;

  RateLimitFilter(GatewaySettings settings) {
    limiters =
        RateLimiterRegistry.of(
            RateLimiterConfig.custom()
                .limitForPeriod(settings.rateLimit())
                .limitRefreshPeriod(settings.ratePeriod())
                .timeoutDuration(Duration.ZERO)
                .build());
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !request.getRequestURI().startsWith("/api/");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    RateLimiter limiter = limiters.rateLimiter(caller(request));
    if (limiter.acquirePermission()) {
      chain.doFilter(request, response);
      return;
    }
    long nanos =
        limiter.getMetrics() instanceof AtomicRateLimiter.AtomicRateLimiterMetrics metrics
            ? metrics.getNanosToWait()
            : limiter.getRateLimiterConfig().getLimitRefreshPeriod().toNanos();
    long seconds = Math.max(1, (long) Math.ceil(nanos / 1e9));
    response.setHeader("Retry-After", Long.toString(seconds));
    ProblemWriter.write(
        response,
        HttpStatus.TOO_MANY_REQUESTS,
        "Too many requests",
        "more than "
            + limiter.getRateLimiterConfig().getLimitForPeriod()
            + " requests per "
            + limiter.getRateLimiterConfig().getLimitRefreshPeriod()
            + "; retry after "
            + seconds
            + " s");
  }

  private static String caller(HttpServletRequest request) {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    if (authentication == null
        || authentication instanceof AnonymousAuthenticationToken
        || !authentication.isAuthenticated()) {
      return "address:" + request.getRemoteAddr();
    }
    return authentication.getName();
  }
}
