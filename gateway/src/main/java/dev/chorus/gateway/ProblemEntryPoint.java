package dev.chorus.gateway;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * 401 and 403 as problem details; the detail never repeats the credentials that were sent. Each
 * refused credential (not a missing one) counts against the client address.
 */
class ProblemEntryPoint implements AuthenticationEntryPoint, AccessDeniedHandler {

  private final FailedAuthentications failures;

  ProblemEntryPoint(FailedAuthentications failures) {
    this.failures = failures;
  }

  @Override
  public void commence(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
      throws IOException {
    boolean missing = e instanceof InsufficientAuthenticationException;
    if (!missing) {
      failures.record(request);
    }
    response.setHeader(
        "WWW-Authenticate", "ApiKey header=\"" + ApiKeyAuthenticationFilter.HEADER + "\", Bearer");
    ProblemWriter.write(
        response,
        HttpStatus.UNAUTHORIZED,
        "Unauthorized",
        "send an API key in the "
            + ApiKeyAuthenticationFilter.HEADER
            + " header or a JWT as 'Authorization: Bearer …'"
            + (missing ? "" : ": " + e.getMessage()));
  }

  @Override
  public void handle(
      HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
      throws IOException {
    ProblemWriter.write(
        response,
        HttpStatus.FORBIDDEN,
        "Forbidden",
        request.getMethod()
            + " "
            + request.getRequestURI()
            + " needs the role "
            + GatewayEndpoints.roleFor(request).label());
  }
}
