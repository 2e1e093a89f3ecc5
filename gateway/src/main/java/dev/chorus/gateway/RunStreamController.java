package dev.chorus.gateway;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** A run's live stream: its steps and its agents' partial output as they happen. */
@RestController
@Tag(name = "runs")
@RequestMapping("/api/v1")
class RunStreamController {

  private final RunStreams streams;

  RunStreamController(RunStreams streams) {
    this.streams = streams;
  }

  @Operation(
      summary =
          "Follow the run as Server-Sent Events from its start: run.started, step.dispatched,"
              + " step.progress, step.output, step.finished, then run.finished, after which the"
              + " stream closes; each event's id is its entry id, so a client reconnecting with"
              + " Last-Event-ID misses and repeats nothing. A stream idle for chorus.live.idle-timeout"
              + " ends with stream.closed; a position trimmed past (chorus.live.max-length) is told"
              + " by stream.gap",
      responses = {
        @ApiResponse(
            responseCode = "200",
            description = "the run's events, until its run.finished",
            content =
                @Content(
                    mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
                    schema = @Schema(type = "string"))),
        @ApiResponse(
            responseCode = "429",
            description = "the caller (or this instance) has as many streams open as it may",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
      })
  @GetMapping(value = "/runs/{runId}/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  SseEmitter stream(
      @Parameter(schema = @Schema(pattern = Ids.DOCUMENTED_RUN)) @PathVariable String runId,
      @Parameter(
              description =
                  "the id of the last event received; the stream goes on with the one after it")
          @RequestHeader(value = "Last-Event-ID", required = false)
          String lastEventId,
      HttpServletRequest request) {
    return streams.open(runId, Callers.of(request), lastEventId);
  }
}
