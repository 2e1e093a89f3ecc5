package dev.chorus.gateway;

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

/** Creating, listing and revoking API keys; admins only. */
@RestController
@Tag(name = "api-keys")
@RequestMapping("/api/v1/api-keys")
class ApiKeyController {

  private final ApiKeys keys;

  ApiKeyController(ApiKeys keys) {
    this.keys = keys;
  }

  /** Body of a key creation. */
  record CreateKeyRequest(
      @Schema(pattern = Ids.DOCUMENTED) String name,
      @Schema(allowableValues = {"viewer", "operator", "admin"}) String role) {}

  /** A key as listed: never the key itself. */
  record KeyView(String name, String role, boolean configured) {}

  /** The created key: {@code key} is shown this once and stored only as its SHA-256. */
  record CreatedKey(String name, String role, String key) {}

  @Operation(
      summary = "Create an API key; the response is the only place the key is ever shown",
      responses =
          @ApiResponse(responseCode = "201", description = "created; the key is in the body"))
  @PostMapping
  ResponseEntity<CreatedKey> create(@RequestBody CreateKeyRequest request) {
    if (request == null) {
      throw new InvalidRequestException("body", "is required: {\"name\": …, \"role\": …}");
    }
    String name = Ids.require("name", request.name());
    Role role = Role.of(request.role());
    String key =
        keys.create(name, role)
            .orElseThrow(() -> new ConflictException("an API key named '" + name + "' exists"));
    return ResponseEntity.status(HttpStatus.CREATED).body(new CreatedKey(name, role.label(), key));
  }

  @Operation(summary = "List API keys by name and role")
  @GetMapping
  List<KeyView> list() {
    return keys.list().stream()
        .map(k -> new KeyView(k.name(), k.role().label(), k.configured()))
        .toList();
  }

  @Operation(
      summary = "Revoke an API key created at runtime; it stops working at once",
      responses = @ApiResponse(responseCode = "204", description = "revoked"))
  @DeleteMapping("/{name}")
  ResponseEntity<Void> revoke(
      @Parameter(schema = @Schema(pattern = Ids.DOCUMENTED)) @PathVariable String name) {
    if (!keys.revoke(Ids.require("name", name))) {
      throw new NotFoundException("no runtime API key named '" + name + "'");
    }
    return ResponseEntity.noContent().build();
  }
}
