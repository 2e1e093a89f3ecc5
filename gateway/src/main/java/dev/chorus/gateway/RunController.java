package dev.chorus.gateway;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Starting runs, reading, awaiting and listing them, signalling, cancelling and terminating them.
 */
@RestController
@Tag(name = "runs")
@RequestMapping("/api/v1")
class RunController {

  static final int MAX_WAIT_SECONDS = 60;
  static final int MAX_PAGE_SIZE = 1000;

  private final RunService runs;
  private final RunListing listing;

  RunController(RunService runs, RunListing listing) {
    this.runs = runs;
    this.listing = listing;
  }

  @Operation(
      summary =
          "Start a run; 201 with the new run, or 200 with the existing one when the caller's runId was already used",
      responses = {
        @ApiResponse(responseCode = "201", description = "started"),
        @ApiResponse(responseCode = "200", description = "already started with this runId")
      })
  @PostMapping("/pipelines/{name}/runs")
  ResponseEntity<RunView> start(
      @Parameter(schema = @Schema(pattern = Ids.DOCUMENTED)) @PathVariable String name,
      @RequestBody StartRunRequest request) {
    RunService.Started started = runs.start(name, request);
    return ResponseEntity.status(started.created() ? HttpStatus.CREATED : HttpStatus.OK)
        .body(started.run());
  }

  @Operation(
      summary =
          "List runs, newest first, filtered by pipeline, status and start time, a page at a time")
  @GetMapping("/runs")
  RunList list(
      @RequestParam(required = false) String pipeline,
      @Parameter(
              schema =
                  @Schema(
                      allowableValues = {
                        "RUNNING",
                        "COMPENSATING",
                        "COMPLETED",
                        "COMPENSATED",
                        "COMPENSATION_FAILED",
                        "FAILED",
                        "CANCELLED",
                        "TERMINATED",
                        "TIMED_OUT"
                      }))
          @RequestParam(required = false)
          String status,
      @Parameter(description = "ISO-8601 instant; runs started at or after it")
          @RequestParam(required = false)
          Instant startedAfter,
      @Parameter(description = "ISO-8601 instant; runs started before it")
          @RequestParam(required = false)
          Instant startedBefore,
      @Parameter(schema = @Schema(minimum = "1", maximum = "1000", defaultValue = "50"))
          @RequestParam(defaultValue = "50")
          int pageSize,
      @Parameter(description = "nextPageToken of the previous page") @RequestParam(required = false)
          String pageToken) {
    if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw new InvalidRequestException(
          "pageSize", "must be between 1 and " + MAX_PAGE_SIZE + " but was " + pageSize);
    }
    return listing.list(
        new RunQuery(pipeline, status, startedAfter, startedBefore), pageSize, pageToken);
  }

  @Operation(
      summary =
          "The run with each step's state (the workflow's state query) and its result once ended")
  @GetMapping("/runs/{runId}")
  RunView get(
      @Parameter(schema = @Schema(pattern = Ids.DOCUMENTED_RUN)) @PathVariable String runId) {
    return runs.describe(runId);
  }

  @Operation(
      summary =
          "Wait up to timeoutSeconds for the run to end; answers with the run either way, its status says which")
  @GetMapping("/runs/{runId}/result")
  RunView result(
      @Parameter(schema = @Schema(pattern = Ids.DOCUMENTED_RUN)) @PathVariable String runId,
      @Parameter(schema = @Schema(minimum = "0", maximum = "60", defaultValue = "30"))
          @RequestParam(defaultValue = "30")
          int timeoutSeconds) {
    if (timeoutSeconds < 0 || timeoutSeconds > MAX_WAIT_SECONDS) {
      throw new InvalidRequestException(
          "timeoutSeconds",
          "must be between 0 and " + MAX_WAIT_SECONDS + " but was " + timeoutSeconds);
    }
    return runs.awaitResult(runId, Duration.ofSeconds(timeoutSeconds));
  }

  @Operation(
      summary =
          "Deliver a named event (e.g. an approval) to the run's wait steps; the JSON body is its payload",
      responses = @ApiResponse(responseCode = "202", description = "delivered"))
  @PostMapping("/runs/{runId}/signals/{signal}")
  ResponseEntity<Void> signal(
      @Parameter(schema = @Schema(pattern = Ids.DOCUMENTED_RUN)) @PathVariable String runId,
      @Parameter(schema = @Schema(pattern = Ids.DOCUMENTED)) @PathVariable String signal,
      @RequestBody(required = false) Map<String, Object> payload) {
    runs.signal(runId, signal, payload == null ? Map.of() : payload);
    return ResponseEntity.accepted().build();
  }

  @Operation(
      summary = "Ask the run to stop; it compensates what it completed, then ends as CANCELLED",
      responses = @ApiResponse(responseCode = "202", description = "cancellation requested"))
  @PostMapping("/runs/{runId}/cancel")
  ResponseEntity<Void> cancel(
      @Parameter(schema = @Schema(pattern = Ids.DOCUMENTED_RUN)) @PathVariable String runId) {
    runs.cancel(runId);
    return ResponseEntity.accepted().build();
  }

  /** Body of a termination. */
  record TerminateRequest(String reason) {}

  @Operation(
      summary = "End the run at once, without compensation",
      responses = @ApiResponse(responseCode = "202", description = "terminated"))
  @PostMapping("/runs/{runId}/terminate")
  ResponseEntity<Void> terminate(
      @Parameter(schema = @Schema(pattern = Ids.DOCUMENTED_RUN)) @PathVariable String runId,
      @RequestBody(required = false) TerminateRequest request) {
    String reason =
        request == null || request.reason() == null
            ? "terminated through the API"
            : request.reason();
    if (reason.length() > 1000) {
      throw new InvalidRequestException("reason", "must be at most 1000 characters");
    }
    runs.terminate(runId, reason);
    return ResponseEntity.accepted().build();
  }
}
