package dev.chorus.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;

/** What each kustomization refers to is in the repository, and every manifest is applied by one. */
class KustomizationsTest {

  private static final InfraTree TREE = InfraTree.locate();

  @TestFactory
  Stream<DynamicTest> everyReferenceOfAKustomizationExists() {
    return TREE.kustomizations().stream()
        .map(
            dir ->
                DynamicTest.dynamicTest(
                    TREE.name(dir),
                    () -> {
                      List<Path> references = references(dir);
                      assertThat(references)
                          .as("%s refers to nothing", TREE.name(dir))
                          .isNotEmpty();
                      for (Path reference : references) {
                        assertThat(
                                Files.isRegularFile(reference)
                                    || Files.isRegularFile(
                                        reference.resolve(InfraTree.KUSTOMIZATION)))
                            .as(
                                "%s/%s refers to %s, which is neither a file nor a folder with a"
                                    + " kustomization",
                                TREE.name(dir), InfraTree.KUSTOMIZATION, TREE.name(reference))
                            .isTrue();
                      }
                    }));
  }

  @Test
  void everyManifestIsAResourceOfAKustomization() {
    Set<Path> referenced = new HashSet<>();
    TREE.kustomizations().forEach(dir -> referenced.addAll(references(dir)));
    assertThat(TREE.manifests())
        .as("manifests no kustomization applies")
        .allSatisfy(manifest -> assertThat(referenced).contains(manifest));
  }

  /** The files and folders a kustomization names: resources, components and patch files. */
  private static List<Path> references(Path dir) {
    JsonNode kustomization = InfraTree.read(dir.resolve(InfraTree.KUSTOMIZATION)).get(0);
    List<Path> references = new ArrayList<>();
    for (String list : List.of("resources", "components")) {
      kustomization.path(list).forEach(entry -> references.add(resolve(dir, entry.asString())));
    }
    kustomization
        .path("patches")
        .forEach(
            patch -> {
              if (patch.has("path")) {
                references.add(resolve(dir, patch.path("path").asString()));
              }
            });
    return references;
  }

  private static Path resolve(Path dir, String reference) {
    assertThat(reference)
        .as("a remote reference needs the network: %s", reference)
        .doesNotContain("://");
    return dir.resolve(reference).normalize();
  }
}
