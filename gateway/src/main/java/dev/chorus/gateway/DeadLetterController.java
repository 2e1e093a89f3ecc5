package dev.chorus.gateway;

import dev.chorus.protocol.DeadLetter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Inspecting, re-driving and discarding dead letters. A queue is a capability's name, or {@code
 * replies}.
 */
@RestController
@RequestMapping("/api/v1/dead-letters")
class DeadLetterController {

  /** {@code replies}, or a capability's name. */
  static final String QUEUE = "^[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)*$";

  static final String ENTRY_ID = "^[0-9]{1,20}-[0-9]{1,20}$";

  private final DeadLetterQueues queues;

  DeadLetterController(DeadLetterQueues queues) {
    this.queues = queues;
  }

  @GetMapping
  List<DeadLetterQueues.Queue> queues() {
    return queues.queues();
  }

  @GetMapping("/{queue}")
  List<DeadLetter> list(
      @Parameter(schema = @Schema(pattern = QUEUE)) @PathVariable String queue,
      @RequestParam(defaultValue = "100") int limit) {
    if (limit < 1 || limit > 10_000) {
      throw new InvalidRequestException("limit", "must be between 1 and 10000 but was " + limit);
    }
    return queues.list(queue, limit);
  }

  /** Puts the entry back on the stream it came from; 404 when there is no such dead letter. */
  @PostMapping("/{queue}/{id}/redrive")
  Map<String, String> redrive(
      @Parameter(schema = @Schema(pattern = QUEUE)) @PathVariable String queue,
      @Parameter(schema = @Schema(pattern = ENTRY_ID)) @PathVariable String id) {
    return Map.of("entryId", queues.redrive(queue, id).orElseThrow(() -> notFound(queue, id)));
  }

  @PostMapping("/{queue}/redrive")
  Map<String, Integer> redriveAll(
      @Parameter(schema = @Schema(pattern = QUEUE)) @PathVariable String queue) {
    return Map.of("redriven", queues.redriveAll(queue));
  }

  @Operation(
      summary = "Discard one dead letter",
      responses = @ApiResponse(responseCode = "204", description = "discarded"))
  @DeleteMapping("/{queue}/{id}")
  ResponseEntity<Void> discard(
      @Parameter(schema = @Schema(pattern = QUEUE)) @PathVariable String queue,
      @Parameter(schema = @Schema(pattern = ENTRY_ID)) @PathVariable String id) {
    if (!queues.discard(queue, id)) {
      throw notFound(queue, id);
    }
    return ResponseEntity.noContent().build();
  }

  @DeleteMapping("/{queue}")
  Map<String, Long> discardAll(
      @Parameter(schema = @Schema(pattern = QUEUE)) @PathVariable String queue) {
    return Map.of("discarded", queues.discardAll(queue));
  }

  private static NotFoundException notFound(String queue, String id) {
    return new NotFoundException("no dead letter " + id + " in queue '" + queue + "'");
  }
}
