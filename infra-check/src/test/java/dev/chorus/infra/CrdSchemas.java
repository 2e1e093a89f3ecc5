package dev.chorus.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * kubeconform's schemas, made from the CRDs: each version's {@code openAPIV3Schema} as JSON, at the
 * path {@link #location} names. Made at test time rather than kept in the repository, so a newer
 * CRD copied into {@code infra/crds} is all an upgrade takes.
 *
 * <p>A CRD's schema leaves undeclared fields open (the API server prunes them instead of refusing
 * them), so even kubeconform's {@code -strict} would let a misspelt field through. Every object
 * schema that declares its properties is therefore closed ({@code additionalProperties: false}),
 * unless the CRD keeps unknown fields there on purpose ({@code
 * x-kubernetes-preserve-unknown-fields}) or already says what else it allows.
 */
final class CrdSchemas {

  private static final YAMLMapper YAML = YAMLMapper.builder().build();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private CrdSchemas() {}

  /** Writes the schema of every version of every CRD in {@code crds} under {@code into}. */
  static void write(Path crds, Path into) {
    try (var files = Files.list(crds)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        for (JsonNode crd :
            YAML.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile()).readAll()) {
          writeVersions(crd, into);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the CRDs in " + crds, e);
    }
  }

  /** The {@code -schema-location} template under which {@link #write} puts the schemas. */
  static String location(Path into) {
    return into + "/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json";
  }

  /** Closes every object schema within {@code schema} that declares its properties. */
  static void close(JsonNode schema) {
    if (!schema.isObject()) {
      return;
    }
    ObjectNode object = (ObjectNode) schema;
    object.path("properties").values().forEach(CrdSchemas::close);
    close(object.path("additionalProperties"));
    JsonNode items = object.path("items");
    if (items.isArray()) {
      items.values().forEach(CrdSchemas::close);
    } else {
      close(items);
    }
    for (String combinator : List.of("allOf", "anyOf", "oneOf")) {
      object.path(combinator).values().forEach(CrdSchemas::close);
    }
    close(object.path("not"));
    if (object.has("properties")
        && !object.has("additionalProperties")
        && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
      object.put("additionalProperties", false);
    }
  }

  private static void writeVersions(JsonNode crd, Path into) throws IOException {
    String group = crd.path("spec").path("group").asString();
    String kind = crd.path("spec").path("names").path("kind").asString();
    for (JsonNode version : crd.path("spec").path("versions")) {
      JsonNode schema = version.path("schema").path("openAPIV3Schema");
      if (schema.isMissingNode()) {
        continue;
      }
      close(schema);
      Path file =
          into.resolve(group)
              .resolve(
                  kind.toLowerCase(Locale.ROOT) + "_" + version.path("name").asString() + ".json");
      Files.createDirectories(file.getParent());
      JSON.writeValue(file.toFile(), schema);
    }
  }
}
