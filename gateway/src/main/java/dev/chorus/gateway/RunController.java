package dev.chorus.gateway;

import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Starting runs, reading them back, signalling and cancelling them. */
@RestController
@RequestMapping("/api/v1")
class RunController {

  private final RunService runs;

  RunController(RunService runs) {
    this.runs = runs;
  }

  /** 201 with the new run, or 200 with the existing one when the caller's run id was already used. */
  @PostMapping("/pipelines/{name}/runs")
  ResponseEntity<RunView> start(@PathVariable String name, @RequestBody StartRunRequest request) {
    RunService.Started started = runs.start(name, request);
    return ResponseEntity.status(started.created() ? HttpStatus.CREATED : HttpStatus.OK).body(started.run());
  }

  @GetMapping("/runs/{runId}")
  RunView get(@PathVariable String runId) {
    return runs.describe(runId);
  }

  /** Delivers a named event to the run's wait steps; the JSON body is its payload. */
  @PostMapping("/runs/{runId}/signals/{signal}")
  ResponseEntity<Void> signal(@PathVariable String runId, @PathVariable String signal, @RequestBody(required = false) Map<String, Object> payload) {
    runs.signal(runId, signal, payload == null ? Map.of() : payload);
    return ResponseEntity.accepted().build();
  }

  /** Asks the run to stop; it compensates what it completed, then ends as CANCELLED. */
  @PostMapping("/runs/{runId}/cancel")
  ResponseEntity<Void> cancel(@PathVariable String runId) {
    runs.cancel(runId);
    return ResponseEntity.accepted().build();
  }
}
