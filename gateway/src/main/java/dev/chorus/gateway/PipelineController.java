package dev.chorus.gateway;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.chorus.definition.DefinitionValidator;
import dev.chorus.definition.DescribedDefinition;
import dev.chorus.definition.RedisDefinitionStore;
import dev.chorus.pipeline.model.PipelineDefinition;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Registering and reading pipeline definitions; the body is YAML or JSON text. */
@RestController
@Tag(name = "pipelines")
@RequestMapping("/api/v1/pipelines")
class PipelineController {

  private final DefinitionValidator validator;
  private final RedisDefinitionStore store;
  private final ValidationGate gate;

  PipelineController(
      DefinitionValidator validator, RedisDefinitionStore store, GatewaySettings settings) {
    this.validator = validator;
    this.store = store;
    this.gate = new ValidationGate(settings.validationConcurrency(), settings.validationWait());
  }

  private DescribedDefinition validated(String definition) {
    return gate.run(() -> validator.validate(definition));
  }

  /**
   * A summary of a stored pipeline.
   *
   * @param description the latest version's; absent when it has none
   */
  record PipelineSummary(
      String name,
      int latest,
      List<Integer> versions,
      @JsonInclude(JsonInclude.Include.NON_NULL) String description) {}

  /**
   * 201 when stored, 200 when this exact version was already; 400 lists every problem, 409 a
   * changed version.
   */
  @Operation(
      summary =
          "Register a pipeline definition (YAML or JSON); 201 when stored, 200 when this exact version was already, 409 for a changed version",
      responses = {
        @ApiResponse(responseCode = "201", description = "stored"),
        @ApiResponse(responseCode = "200", description = "already stored")
      })
  @PostMapping(
      consumes = {
        MediaType.APPLICATION_JSON_VALUE,
        "application/yaml",
        "application/x-yaml",
        "text/yaml"
      })
  ResponseEntity<Map<String, Object>> register(@RequestBody String definition) {
    return stored(store.register(validated(definition)));
  }

  private static ResponseEntity<Map<String, Object>> stored(
      RedisDefinitionStore.Registered registered) {
    return ResponseEntity.status(registered.created() ? HttpStatus.CREATED : HttpStatus.OK)
        .body(Map.of("name", registered.name(), "version", registered.version()));
  }

  /** Registers the body as a new version of {@code name}; the body must name the same pipeline. */
  @Operation(
      summary =
          "Register a new version of the named pipeline (YAML or JSON); 201 when stored, 200 when this exact version was already",
      responses = {
        @ApiResponse(responseCode = "201", description = "stored"),
        @ApiResponse(responseCode = "200", description = "already stored")
      })
  @PutMapping(
      path = "/{name}",
      consumes = {
        MediaType.APPLICATION_JSON_VALUE,
        "application/yaml",
        "application/x-yaml",
        "text/yaml"
      })
  ResponseEntity<Map<String, Object>> update(
      @Parameter(schema = @Schema(pattern = Ids.DOCUMENTED)) @PathVariable String name,
      @RequestBody String definition) {
    Ids.require("pipeline", name);
    DescribedDefinition valid = validated(definition);
    String named = valid.definition().name();
    if (!named.equals(name)) {
      throw new InvalidRequestException(
          "name", "the definition is named '" + named + "' but was sent to '" + name + "'");
    }
    return stored(store.register(valid));
  }

  @Operation(
      summary = "Check a definition (YAML or JSON) without registering it; 400 lists every problem")
  @PostMapping(
      path = "/validate",
      consumes = {
        MediaType.APPLICATION_JSON_VALUE,
        "application/yaml",
        "application/x-yaml",
        "text/yaml"
      })
  Map<String, Object> validate(@RequestBody String definition) {
    PipelineDefinition valid = validated(definition).definition();
    return Map.of("valid", true, "name", valid.name(), "version", valid.version());
  }

  @Operation(summary = "Every stored pipeline with its versions")
  @GetMapping
  List<PipelineSummary> list() {
    return store.names().stream()
        .map(
            name -> {
              List<DescribedDefinition> all = store.described(name);
              DescribedDefinition latest = all.get(all.size() - 1);
              return new PipelineSummary(
                  name,
                  latest.definition().version(),
                  all.stream().map(described -> described.definition().version()).toList(),
                  latest.description());
            })
        .toList();
  }

  /** Every stored version of the pipeline, oldest first. */
  @Operation(
      summary = "Every stored version of the pipeline, oldest first",
      responses =
          @ApiResponse(
              responseCode = "200",
              description =
                  "each version as docs/pipeline.schema.json describes it, its description included",
              content =
                  @Content(
                      mediaType = "application/json",
                      array = @ArraySchema(schema = @Schema(type = "object")))))
  @GetMapping("/{name}")
  List<DescribedDefinition> versions(
      @Parameter(schema = @Schema(pattern = Ids.DOCUMENTED)) @PathVariable String name) {
    List<DescribedDefinition> versions = store.described(Ids.require("pipeline", name));
    if (versions.isEmpty()) {
      throw new NotFoundException("no pipeline named '" + name + "'");
    }
    return versions;
  }
}
