package dev.chorus.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chorus.protocol.Capabilities;
import dev.chorus.protocol.ReplyEnvelope;
import dev.chorus.registry.NoAgentException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Synchronous request/reply to one agent of a capability, outside any workflow. */
@RestController
class InvokeController {

  private static final long DEFAULT_TIMEOUT_MILLIS = 30_000;
  private static final long MAX_TIMEOUT_MILLIS = 300_000;
  private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {};

  private final Invoker invoker;
  private final ObjectMapper json = new ObjectMapper();

  InvokeController(Invoker invoker) {
    this.invoker = invoker;
  }

  @Operation(
      summary = "Send one task to an agent of the capability and wait for its reply",
      responses = {
        @ApiResponse(responseCode = "200", description = "the agent's reply, ok or not"),
        @ApiResponse(
            responseCode = "503",
            description = "no agent of the capability is registered"),
        @ApiResponse(responseCode = "504", description = "no agent answered within timeoutMillis"),
        @ApiResponse(responseCode = "502", description = "the agent's reply was unreadable")
      })
  @PostMapping("/api/v1/capabilities/{capability}/invoke")
  InvokeResult invoke(
      @Parameter(schema = @Schema(pattern = DeadLetterController.QUEUE)) @PathVariable
          String capability,
      @RequestBody InvokeRequest request)
      throws JsonProcessingException, InterruptedException {
    try {
      Capabilities.requireValidName(capability);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("capability", e.getMessage());
    }
    if (request == null || request.input() == null) {
      throw new InvalidRequestException("input", "is required and must be a JSON object");
    }
    long timeout =
        request.timeoutMillis() == null ? DEFAULT_TIMEOUT_MILLIS : request.timeoutMillis();
    if (timeout < 1 || timeout > MAX_TIMEOUT_MILLIS) {
      throw new InvalidRequestException(
          "timeoutMillis", "must be between 1 and " + MAX_TIMEOUT_MILLIS + " but was " + timeout);
    }
    try {
      ReplyEnvelope reply =
          invoker
              .invoke(
                  capability, json.writeValueAsString(request.input()), Duration.ofMillis(timeout))
              .get();
      Map<String, Object> output = reply.ok() ? json.readValue(reply.output(), JSON_OBJECT) : null;
      return new InvokeResult(
          reply.ok(), reply.agentId(), output, reply.error(), reply.retryable());
    } catch (NoAgentException e) {
      throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TimeoutException) {
        throw new ResponseStatusException(
            HttpStatus.GATEWAY_TIMEOUT,
            "no agent of capability '" + capability + "' answered within " + timeout + " ms");
      }
      throw new ResponseStatusException(
          HttpStatus.BAD_GATEWAY, "the agent's reply was unreadable: " + e.getCause().getMessage());
    }
  }
}
