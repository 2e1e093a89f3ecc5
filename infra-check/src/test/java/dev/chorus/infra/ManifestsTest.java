package dev.chorus.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every manifest under infra/, and what every kustomization renders, passes kubeconform strictly.
 */
class ManifestsTest {

  private static final InfraTree TREE = InfraTree.locate();

  @TempDir static Path work;

  private static Kubeconform kubeconform;

  @BeforeAll
  static void schemas() {
    kubeconform = Kubeconform.forTree(TREE, work.resolve("schemas"));
  }

  @Test
  void theManifestsHoldEveryKindOfScalingTheyPromise() {
    assertThat(TREE.resources())
        .extracting(InfraTree.Resource::kind)
        .contains("Service", "ScaledObject", "TriggerAuthentication", "StatefulSet", "Deployment");
  }

  @TestFactory
  Stream<DynamicTest> everyManifestValidatesStrictly() {
    return TREE.manifests().stream()
        .map(
            file ->
                DynamicTest.dynamicTest(
                    TREE.name(file),
                    () -> assertValid(TREE.name(file), kubeconform.validate(List.of(file)))));
  }

  @TestFactory
  Stream<DynamicTest> everyKustomizationRendersManifestsThatValidateStrictly() {
    return TREE.kustomizations().stream()
        .map(
            dir ->
                DynamicTest.dynamicTest(
                    TREE.name(dir),
                    () -> {
                      Path rendered = work.resolve(TREE.name(dir).replace('/', '_') + ".yaml");
                      Files.writeString(
                          rendered, Kustomize.installed().build(dir), StandardCharsets.UTF_8);
                      assertValid(
                          "kustomize build " + TREE.name(dir),
                          kubeconform.validateStream(rendered));
                    }));
  }

  private static void assertValid(String what, List<Kubeconform.Result> results)
      throws IOException {
    assertThat(results).as("%s holds no resource kubeconform read", what).isNotEmpty();
    assertThat(results)
        .as("%s: every resource valid against its schema, or of a built-in kind", what)
        .filteredOn(Kubeconform.Result::problem)
        .isEmpty();
  }
}
