package dev.chorus.gateway;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Starting runs and reading them back. */
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
}
