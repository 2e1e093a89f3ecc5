package dev.chorus.infra;

import dev.chorus.stack.Tools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The deployment material under {@code infra/} of the checkout.
 *
 * @param root the {@code infra} folder
 */
record InfraTree(Path root) {

  static final String KUSTOMIZATION = "kustomization.yaml";

  private static final YAMLMapper YAML = YAMLMapper.builder().build();

  static InfraTree locate() {
    return new InfraTree(Tools.locate().checkout().resolve("infra"));
  }

  /** The CRDs the custom resources are validated against. */
  Path crds() {
    return root.resolve("crds");
  }

  /**
   * Every Kubernetes manifest: the YAML files other than the kustomization files, outside {@code
   * crds/} (the schemas' sources) and {@code prometheus/} (Prometheus's own formats).
   */
  List<Path> manifests() {
    return yamlFiles()
        .filter(file -> !file.startsWith(crds()) && !file.startsWith(root.resolve("prometheus")))
        .filter(file -> !file.getFileName().toString().equals(KUSTOMIZATION))
        .toList();
  }

  /** Every folder holding a {@code kustomization.yaml}: the base, each capability, each overlay. */
  List<Path> kustomizations() {
    return yamlFiles()
        .filter(file -> file.getFileName().toString().equals(KUSTOMIZATION))
        .map(Path::getParent)
        .toList();
  }

  /** Every resource of every manifest, with the file it is in. */
  List<Resource> resources() {
    return manifests().stream()
        .flatMap(file -> read(file).stream().map(node -> new Resource(file, node)))
        .toList();
  }

  /** The YAML documents of {@code file}, empty ones left out. */
  static List<JsonNode> read(Path file) {
    return YAML.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile()).readAll().stream()
        .filter(node -> node.isObject() && !node.isEmpty())
        .toList();
  }

  /** A path as the checks name it: relative to the checkout. */
  String name(Path file) {
    return root.getParent().relativize(file).toString();
  }

  private Stream<Path> yamlFiles() {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(Files::isRegularFile)
          .filter(file -> file.toString().endsWith(".yaml") || file.toString().endsWith(".yml"))
          .sorted()
          .toList()
          .stream();
    } catch (IOException e) {
      throw new UncheckedIOException("could not list " + root, e);
    }
  }

  /**
   * One Kubernetes resource as written in a manifest.
   *
   * @param file the manifest
   * @param node the resource
   */
  record Resource(Path file, JsonNode node) {

    String kind() {
      return node.path("kind").asString();
    }

    String name() {
      return node.path("metadata").path("name").asString();
    }
  }
}
