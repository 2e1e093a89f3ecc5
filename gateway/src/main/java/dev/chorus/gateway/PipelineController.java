package dev.chorus.gateway;

import dev.chorus.definition.DefinitionCatalog;
import dev.chorus.definition.DefinitionValidator;
import dev.chorus.definition.RedisDefinitionStore;
import dev.chorus.pipeline.model.PipelineDefinition;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Registering and reading pipeline definitions; the body is YAML or JSON text. */
@RestController
@RequestMapping("/api/v1/pipelines")
class PipelineController {

  private final DefinitionValidator validator;
  private final RedisDefinitionStore store;
  private final DefinitionCatalog catalog;

  PipelineController(DefinitionValidator validator, RedisDefinitionStore store) {
    this.validator = validator;
    this.store = store;
    this.catalog = store;
  }

  /** A summary of a stored pipeline. */
  record PipelineSummary(String name, int latest, List<Integer> versions) {}

  /** 201 when stored, 200 when this exact version was already; 400 lists every problem, 409 a changed version. */
  @PostMapping(consumes = "*/*")
  ResponseEntity<Map<String, Object>> register(@RequestBody String definition) {
    RedisDefinitionStore.Registered registered = store.register(validator.validate(definition));
    return ResponseEntity.status(registered.created() ? HttpStatus.CREATED : HttpStatus.OK)
        .body(Map.of("name", registered.name(), "version", registered.version()));
  }

  @PostMapping(path = "/validate", consumes = "*/*")
  Map<String, Object> validate(@RequestBody String definition) {
    PipelineDefinition valid = validator.validate(definition);
    return Map.of("valid", true, "name", valid.name(), "version", valid.version());
  }

  @GetMapping
  List<PipelineSummary> list() {
    return catalog.names().stream().map(name -> {
      List<Integer> versions = catalog.versions(name).stream().map(PipelineDefinition::version).toList();
      return new PipelineSummary(name, versions.get(versions.size() - 1), versions);
    }).toList();
  }

  /** Every stored version of the pipeline, oldest first. */
  @GetMapping("/{name}")
  List<PipelineDefinition> versions(@PathVariable String name) {
    List<PipelineDefinition> versions = catalog.versions(Ids.require("pipeline", name));
    if (versions.isEmpty()) {
      throw new NotFoundException("no pipeline named '" + name + "'");
    }
    return versions;
  }
}
