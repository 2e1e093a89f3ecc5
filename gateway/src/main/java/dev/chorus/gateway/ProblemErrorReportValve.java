package dev.chorus.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Tomcat's answer to a request it refuses before any servlet sees it (a request target with
 * characters it does not allow, a malformed header) as a problem detail instead of its HTML page.
 * Errors inside the application are answered by the application and never reach here.
 */
public final class ProblemErrorReportValve extends ErrorReportValve {

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    int code = response.getStatus();
    // As the valve it replaces: only an error nobody has answered yet.
    if (code < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
      return;
    }
    HttpStatus status = HttpStatus.resolve(code);
    if (status == null) {
      status = HttpStatus.INTERNAL_SERVER_ERROR;
    }
    byte[] body =
        ProblemWriter.json(
            status,
            status.getReasonPhrase(),
            ProblemWriter.containerDetail(status, response.getMessage()));
    try {
      response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
      var writer = response.getReporter();
      if (writer != null) {
        writer.write(new String(body, StandardCharsets.UTF_8));
        response.finishResponse();
      }
    } catch (IOException e) {
      // The client has gone; there is nobody left to tell.
    }
  }
}
