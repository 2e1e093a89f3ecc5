package dev.chorus.gateway;

import dev.chorus.protocol.Capabilities;
import dev.chorus.protocol.RegistryKeys;
import dev.chorus.registry.credentials.AgentCredentials;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Provisioning, listing and revoking agents' Redis credentials; admins only. */
@RestController
@Tag(name = "agent-credentials")
@RequestMapping("/api/v1/agent-credentials")
class AgentCredentialController {

  static final String CAPABILITY_PATTERN = "^[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)*$";
  static final String AGENT_ID_PATTERN = "^[A-Za-z0-9][A-Za-z0-9_.@-]{0,127}$";
  static final String USER_PATTERN = "^agent_[a-z][a-z0-9.-]*_[A-Za-z0-9][A-Za-z0-9_.@-]{0,127}$";

  private final AgentCredentials credentials;

  AgentCredentialController(AgentCredentials credentials) {
    this.credentials = credentials;
  }

  /** Body of a creation: the capability served and the id the agent registers under. */
  record CreateCredentialRequest(
      @Schema(pattern = CAPABILITY_PATTERN, maxLength = 100) String capability,
      @Schema(pattern = AGENT_ID_PATTERN) String agentId) {}

  /** An agent user as listed: never its password. */
  record CredentialView(String user, String capability, String agentId) {}

  /** The created credentials: {@code uri} holds the password and is shown this once. */
  record CreatedCredential(String user, String capability, String agentId, String uri) {}

  @Operation(
      summary =
          "Create an agent's Redis user (or give it a new password); the response is the only place"
              + " its URI is shown",
      responses =
          @ApiResponse(
              responseCode = "201",
              description = "created; the redis:// URI to give the agent is in the body"))
  @PostMapping
  ResponseEntity<CreatedCredential> create(@RequestBody CreateCredentialRequest request) {
    if (request == null) {
      throw new InvalidRequestException("body", "is required: {\"capability\": …, \"agentId\": …}");
    }
    String capability =
        valid("capability", () -> Capabilities.requireValidName(request.capability()));
    String agentId = valid("agentId", () -> RegistryKeys.requireValidId(request.agentId()));
    AgentCredentials.Credential created = credentials.create(capability, agentId);
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(
            new CreatedCredential(
                created.user(), created.capability(), created.agentId(), created.uri()));
  }

  @Operation(summary = "List agents' Redis users by name, capability and agent id")
  @GetMapping
  List<CredentialView> list() {
    return credentials.list().stream()
        .map(u -> new CredentialView(u.user(), u.capability(), u.agentId()))
        .toList();
  }

  @Operation(
      summary = "Revoke an agent's Redis user; its open connections are closed at once",
      responses = @ApiResponse(responseCode = "204", description = "revoked"))
  @DeleteMapping("/{user}")
  ResponseEntity<Void> revoke(
      @Parameter(schema = @Schema(pattern = USER_PATTERN)) @PathVariable String user) {
    if (!credentials.revoke(user)) {
      throw new NotFoundException("no agent user named '" + user + "'");
    }
    return ResponseEntity.noContent().build();
  }

  private static String valid(String field, java.util.function.Supplier<String> check) {
    try {
      return check.get();
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(field, e.getMessage());
    }
  }
}
