package dev.chorus.definition;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.chorus.pipeline.model.PipelineDefinition;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A definition as registered and read back: what runs, and its {@code description}, which is for
 * the people who read the catalog and so stays with the stored version rather than travelling with
 * every run. As JSON it is the document's own shape, the description beside the other fields.
 *
 * @param description the document's free text; null when it has none
 */
public record DescribedDefinition(
    @JsonUnwrapped PipelineDefinition definition,
    @JsonInclude(JsonInclude.Include.NON_NULL) String description) {

  /** Both out of one document's tree; Jackson's exceptions are the caller's to translate. */
  static DescribedDefinition read(ObjectMapper mapper, JsonNode document) {
    JsonNode description = document.path("description");
    return new DescribedDefinition(
        mapper.treeToValue(document, PipelineDefinition.class),
        description.isString() ? description.asString() : null);
  }
}
