package dev.chorus.gateway;

import dev.chorus.definition.InvalidDefinitionException;
import dev.chorus.definition.InvalidInputException;
import dev.chorus.definition.VersionConflictException;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Turns the gateway's own errors into RFC 9457 problem details that name the field at fault. */
@RestControllerAdvice
class GatewayErrors {

  @ExceptionHandler
  ProblemDetail invalid(InvalidRequestException e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.field() + " " + e.getMessage());
    problem.setTitle("Invalid request");
    problem.setProperty("errors", List.of(Map.of("field", e.field(), "problem", e.getMessage())));
    return problem;
  }

  /** Every problem of a refused definition, each with its JSON-pointer path. */
  @ExceptionHandler
  ProblemDetail invalidDefinition(InvalidDefinitionException e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(
        HttpStatus.BAD_REQUEST, e.problems().size() + " problem(s) in the pipeline definition");
    problem.setTitle("Invalid pipeline definition");
    problem.setProperty("errors", e.problems().stream().map(p -> Map.of("path", p.path(), "problem", p.problem())).toList());
    return problem;
  }

  @ExceptionHandler
  ProblemDetail invalidInput(InvalidInputException e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(
        HttpStatus.BAD_REQUEST, e.problems().size() + " problem(s) in the run's input");
    problem.setTitle("Input does not match the pipeline's inputSchema");
    problem.setProperty("errors", e.problems().stream().map(p -> Map.of("path", p.path(), "problem", p.problem())).toList());
    return problem;
  }

  @ExceptionHandler
  ProblemDetail conflict(VersionConflictException e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    problem.setTitle("Version already registered");
    return problem;
  }

  @ExceptionHandler
  ProblemDetail notFound(NotFoundException e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    problem.setTitle("Not found");
    return problem;
  }
}
