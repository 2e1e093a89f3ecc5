package dev.chorus.gateway;

import dev.chorus.protocol.Capabilities;
import dev.chorus.registry.CapabilityLimitStore;
import dev.chorus.registry.CapabilityLimits;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A capability's flow limits: its rate and burst, and the tasks it may have in flight. Every
 * worker's next dispatch applies a change; a dispatch over a limit waits, and no run fails for it.
 */
@RestController
@Tag(name = "capabilities")
@RequestMapping("/api/v1/capabilities/{capability}/limits")
class CapabilityLimitController {

  /** The limits as the API shows and takes them; a field left out is 0, i.e. no limit. */
  record Limits(Double rate, Integer burst, Long maxInFlight) {

    static Limits of(CapabilityLimits limits) {
      return new Limits(limits.rate(), limits.burst(), limits.maxInFlight());
    }

    CapabilityLimits checked() {
      return CapabilityLimits.of(
          rate == null ? 0 : rate,
          burst == null ? 0 : burst,
          maxInFlight == null ? 0 : maxInFlight);
    }
  }

  /** A capability's name, as the protocol allows it. */
  static final String CAPABILITY = "^[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)*$";

  private final CapabilityLimitStore store;

  CapabilityLimitController(CapabilityLimitStore store) {
    this.store = store;
  }

  @Operation(summary = "The capability's limits; all 0 when it has none")
  @GetMapping
  Limits get(@Parameter(schema = @Schema(pattern = CAPABILITY)) @PathVariable String capability) {
    return Limits.of(store.get(valid(capability)));
  }

  @Operation(
      summary =
          "Set the capability's limits: rate (tasks per second, with burst) and maxInFlight (tasks"
              + " waiting on or in the hands of one major's agents); 0 is no limit")
  @PutMapping
  Limits set(
      @Parameter(schema = @Schema(pattern = CAPABILITY)) @PathVariable String capability,
      @RequestBody Limits limits) {
    CapabilityLimits checked = limits.checked();
    store.set(valid(capability), checked);
    return Limits.of(checked);
  }

  @Operation(
      summary = "Remove the capability's limits",
      responses = @ApiResponse(responseCode = "204", description = "removed"))
  @DeleteMapping
  ResponseEntity<Void> remove(
      @Parameter(schema = @Schema(pattern = CAPABILITY)) @PathVariable String capability) {
    store.set(valid(capability), CapabilityLimits.NONE);
    return ResponseEntity.noContent().build();
  }

  private static String valid(String capability) {
    if (!Capabilities.isValidName(capability)) {
      throw new InvalidRequestException(
          "capability", "is not a capability name: '" + capability + "'");
    }
    return capability;
  }
}
