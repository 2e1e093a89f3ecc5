package dev.chorus.gateway;

import dev.chorus.definition.BindingProblems;
import dev.chorus.definition.InvalidDefinitionException;
import dev.chorus.definition.InvalidInputException;
import dev.chorus.definition.TamperedDefinitionException;
import dev.chorus.definition.VersionConflictException;
import dev.chorus.registry.CapabilityLimits;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisLoadingException;
import java.util.List;
import java.util.Map;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;

/**
 * Every error of the API as an RFC 9457 problem detail: the gateway's own errors name the field at
 * fault, and Spring MVC's (unknown route, wrong method or media type, unreadable body, missing or
 * mistyped parameter) come through the base class in the same form.
 */
@RestControllerAdvice
class GatewayErrors extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(GatewayErrors.class);

  @ExceptionHandler
  ProblemDetail invalid(InvalidRequestException e) {
    return fieldProblem(e.field(), e.getMessage());
  }

  /** Every field of a capability's limits that is out of range. */
  @ExceptionHandler
  ProblemDetail invalidLimits(CapabilityLimits.InvalidLimitsException e) {
    return problems(
        "Invalid request",
        "the limits",
        e.problems().stream()
            .map(p -> Map.of("field", p.field(), "problem", p.problem()))
            .toList());
  }

  /** Every problem of a refused definition, each with its JSON-pointer path. */
  @ExceptionHandler
  ProblemDetail invalidDefinition(InvalidDefinitionException e) {
    return problems(
        "Invalid pipeline definition",
        "the pipeline definition",
        e.problems().stream().map(p -> Map.of("path", p.path(), "problem", p.problem())).toList());
  }

  @ExceptionHandler
  ProblemDetail invalidInput(InvalidInputException e) {
    return problems(
        "Input does not match the pipeline's inputSchema",
        "the run's input",
        e.problems().stream().map(p -> Map.of("path", p.path(), "problem", p.problem())).toList());
  }

  /** A 400 listing each problem of {@code subject}. */
  private static ProblemDetail problems(
      String title, String subject, List<Map<String, String>> errors) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.BAD_REQUEST, errors.size() + " problem(s) in " + subject);
    problem.setTitle(title);
    problem.setProperty("errors", errors);
    return problem;
  }

  @ExceptionHandler
  ProblemDetail versionConflict(VersionConflictException e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    problem.setTitle("Version already registered");
    return problem;
  }

  @ExceptionHandler
  ProblemDetail tampered(TamperedDefinitionException e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    problem.setTitle("Stored definition fails its integrity check");
    return problem;
  }

  @ExceptionHandler
  ProblemDetail conflict(ConflictException e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    problem.setTitle("Conflict");
    return problem;
  }

  @ExceptionHandler
  ProblemDetail notFound(NotFoundException e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    problem.setTitle("Not found");
    return problem;
  }

  @ExceptionHandler
  ProblemDetail temporalUnavailable(TemporalUnavailableException e) {
    return unavailable("Temporal", e.getMessage());
  }

  @ExceptionHandler({RedisConnectionException.class, RedisCommandTimeoutException.class})
  ProblemDetail redis(RuntimeException e) {
    return unavailable("Redis", "Redis did not answer: " + e.getClass().getSimpleName());
  }

  /** Just restarted, Redis answers LOADING until its data is read back: a wait, not a fault. */
  @ExceptionHandler
  ResponseEntity<ProblemDetail> redisLoading(RedisLoadingException e) {
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, "1")
        .body(unavailable("Redis", "Redis is loading its data after a restart; try again shortly"));
  }

  private static ProblemDetail unavailable(String what, String detail) {
    log.warn("{} unavailable: {}", what, detail);
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, detail);
    problem.setTitle(what + " unavailable");
    return problem;
  }

  /** Validation is at its concurrency limit: try again shortly, as for a rate limit. */
  @ExceptionHandler
  ResponseEntity<ProblemDetail> validationBusy(ValidationGate.Busy e) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
    problem.setTitle("Validation busy");
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, "1")
        .body(problem);
  }

  /** A live stream beyond the caller's or the instance's allowance: close one, or wait. */
  @ExceptionHandler
  ResponseEntity<ProblemDetail> tooManyStreams(StreamSlots.Full e) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, e.getMessage());
    problem.setTitle("Too many live streams");
    return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
        .header(HttpHeaders.RETRY_AFTER, "5")
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }

  /** A multipart Content-Type the API never asks for, e.g. one without a boundary. */
  @ExceptionHandler
  ProblemDetail multipart(MultipartException e) {
    return fieldProblem(
        "Content-Type", "is not a media type this endpoint reads: " + e.getMessage());
  }

  /** A query string the servlet container cannot read, e.g. a parameter without a name. */
  @ExceptionHandler
  ProblemDetail unreadableQuery(InvalidParameterException e) {
    return fieldProblem("query", "is not a readable query string");
  }

  /** Anything else is a bug: logged with its stack, answered without it. */
  @ExceptionHandler
  ProblemDetail unexpected(Exception e) {
    log.error("unexpected error in the gateway", e);
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.INTERNAL_SERVER_ERROR, "an unexpected error; it is in the gateway's log");
    problem.setTitle("Internal error");
    return problem;
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    if (NestedExceptionUtils.getRootCause(e)
        instanceof BodySizeLimitFilter.BodyTooLargeException tooLarge) {
      ProblemDetail problem =
          ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, tooLarge.getMessage());
      problem.setTitle("Request body too large");
      return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(problem);
    }
    // Jackson's own message names Java types; the body's field and the JSON value expected
    // there are what a caller can act on.
    if (NestedExceptionUtils.getMostSpecificCause(e) instanceof JacksonException jackson) {
      String field = BindingProblems.field(jackson);
      return ResponseEntity.badRequest()
          .body(
              fieldProblem(
                  field.isEmpty() ? "body" : field, firstLine(BindingProblems.problem(jackson))));
    }
    return ResponseEntity.badRequest().body(fieldProblem("body", "is missing or unreadable"));
  }

  @Override
  protected ResponseEntity<Object> handleMissingServletRequestParameter(
      MissingServletRequestParameterException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    return ResponseEntity.badRequest().body(fieldProblem(e.getParameterName(), "is required"));
  }

  @Override
  protected ResponseEntity<Object> handleTypeMismatch(
      TypeMismatchException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    return ResponseEntity.badRequest()
        .body(
            fieldProblem(
                e.getPropertyName(),
                BindingProblems.expected(e.getRequiredType()) + " but was '" + e.getValue() + "'"));
  }

  private static ProblemDetail fieldProblem(String field, String problem) {
    ProblemDetail detail =
        ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, field + " " + problem);
    detail.setTitle("Invalid request");
    detail.setProperty("errors", List.of(Map.of("field", field, "problem", problem)));
    return detail;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "malformed";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
