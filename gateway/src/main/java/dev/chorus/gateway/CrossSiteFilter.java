package dev.chorus.gateway;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses what a web page on another site can make a browser send without asking the gateway first
 * (a CORS "simple request"): a state-changing API request whose {@code Origin} is not the gateway's
 * own host is 403, and one with a body that is not JSON or YAML is 415, since HTML forms can only
 * send {@code text/plain}, {@code application/x-www-form-urlencoded} and {@code
 * multipart/form-data}. Command-line clients send no {@code Origin}; Swagger UI sends its own host.
 * The gateway answers no CORS preflight, so other cross-site requests never leave the browser.
 */
class CrossSiteFilter extends OncePerRequestFilter {

  private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
  private static final Set<String> BODY_TYPES =
      Set.of(
          MediaType.APPLICATION_JSON_VALUE, "application/yaml", "application/x-yaml", "text/yaml");

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return SAFE.contains(request.getMethod()) || !GatewayEndpoints.isApi(request);
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String origin = request.getHeader("Origin");
    if (origin != null && !sameHost(origin, request.getHeader("Host"))) {
      ProblemWriter.write(
          response,
          HttpStatus.FORBIDDEN,
          "Cross-site request refused",
          request.getMethod()
              + " "
              + request.getRequestURI()
              + " from the web origin '"
              + origin
              + "', which is not this gateway's");
      return;
    }
    boolean hasBody =
        request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
    if (hasBody && !bodyType(request.getContentType())) {
      ProblemWriter.write(
          response,
          HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          "Unsupported media type",
          "a request body must be JSON or YAML (Content-Type application/json or"
              + " application/yaml), not '"
              + request.getContentType()
              + "'");
      return;
    }
    chain.doFilter(request, response);
  }

  private static boolean bodyType(String contentType) {
    if (contentType == null) {
      return false;
    }
    String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return BODY_TYPES.contains(type) || type.endsWith("+json");
  }

  /** The origin's host and port against the Host header the browser sent with it. */
  private static boolean sameHost(String origin, String host) {
    if (host == null) {
      return false;
    }
    try {
      URI uri = URI.create(origin);
      if (uri.getHost() == null) {
        return false; // "null", an opaque origin: a sandboxed page or a redirect across sites
      }
      String authority = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
      return authority.equalsIgnoreCase(host)
          || withoutDefaultPort(host).equalsIgnoreCase(authority);
    } catch (IllegalArgumentException malformed) {
      return false;
    }
  }

  private static String withoutDefaultPort(String host) {
    return host.endsWith(":80") || host.endsWith(":443")
        ? host.substring(0, host.lastIndexOf(':'))
        : host;
  }
}
