package dev.chorus.gateway;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** Who is calling, for the limits that apply per caller. */
final class Callers {

  private Callers() {}

  /** The API key's name or the JWT's subject once authenticated; the client address otherwise. */
  static String of(HttpServletRequest request) {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    if (authentication == null
        || authentication instanceof AnonymousAuthenticationToken
        || !authentication.isAuthenticated()
        || authentication.getName() == null) {
      return "address:" + request.getRemoteAddr();
    }
    return authentication.getName();
  }
}
