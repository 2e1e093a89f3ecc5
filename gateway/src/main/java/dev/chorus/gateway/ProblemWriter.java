package dev.chorus.gateway;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a problem detail from a servlet filter or the servlet container, where no controller
 * advice reaches: refused credentials, missing roles, rate limits, oversized bodies and requests
 * the container cannot read answer in the same form as every other error.
 */
final class ProblemWriter {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private ProblemWriter() {}

  static void write(HttpServletResponse response, HttpStatus status, String title, String detail)
      throws IOException {
    response.setStatus(status.value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.getOutputStream().write(json(status, title, detail));
  }

  static byte[] json(HttpStatus status, String title, String detail) {
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("type", "about:blank");
    problem.put("title", title);
    problem.put("status", status.value());
    problem.put("detail", detail);
    return JSON.writeValueAsBytes(problem);
  }

  /**
   * What an error raised outside any controller says: the container's reason for a request it could
   * not read, nothing of the cause for a server error (that is in the log).
   */
  static String containerDetail(HttpStatus status, String reason) {
    if (!status.is4xxClientError()) {
      return "an unexpected error; it is in the gateway's log";
    }
    return "the request could not be read: "
        + (reason == null || reason.isBlank() ? status.getReasonPhrase() : reason);
  }
}
