package dev.chorus.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A misspelt field fails the check, with kubeconform's message naming it: the closed schemas are
 * what make {@code -strict} catch it, since the CRDs' own schemas let unknown fields through.
 */
class MisspeltFieldTest {

  private static final InfraTree TREE = InfraTree.locate();

  @TempDir static Path work;

  private static Kubeconform kubeconform;

  @BeforeAll
  static void schemas() {
    kubeconform = Kubeconform.forTree(TREE, work.resolve("schemas"));
  }

  @Test
  void aMisspeltContainerPortInAKnativeServiceFails() throws IOException {
    Kubeconform.Result result =
        only(misspelt("capabilities/text-stats/agent.yaml", "containerPort:", "containerPrt:"));

    assertThat(result.kind()).isEqualTo("serving.knative.dev/v1/Service");
    assertThat(result.status()).isEqualTo("statusInvalid");
    assertThat(result.errors())
        .singleElement()
        .asString()
        .contains("/spec/template/spec/containers/0/ports/0")
        .contains("'containerPrt' not allowed");
  }

  @Test
  void aMisspeltReplicaBoundInAScaledObjectFails() throws IOException {
    Kubeconform.Result result =
        only(
            misspelt(
                "capabilities/text-keywords/scaler.yaml", "minReplicaCount:", "minReplicasCount:"));

    assertThat(result.kind()).isEqualTo("keda.sh/v1alpha1/ScaledObject");
    assertThat(result.status()).isEqualTo("statusInvalid");
    assertThat(result.errors())
        .singleElement()
        .asString()
        .contains("'minReplicasCount' not allowed");
  }

  @Test
  void aMisspeltSecretReferenceInATriggerAuthenticationFails() throws IOException {
    Kubeconform.Result result =
        only(misspelt("base/redis-scaler-auth.yaml", "parameter: password", "paramter: password"));

    assertThat(result.status()).isEqualTo("statusInvalid");
    assertThat(result.message()).contains("paramter");
  }

  /**
   * A trigger's metadata is a free map of strings in KEDA's schema, so no schema can catch a
   * misspelt key there: {@link ScalersTest} checks the keys against what each scaler reads.
   */
  @Test
  void aMisspeltTriggerMetadataKeyIsBeyondTheSchema() throws IOException {
    Kubeconform.Result result =
        only(misspelt("capabilities/text-keywords/scaler.yaml", "lagCount:", "lagCont:"));

    assertThat(result.valid()).as(result.toString()).isTrue();
    assertThat(TriggerMetadata.problems(InfraTree.read(work.resolve("misspelt.yaml")).get(0)))
        .containsExactly(
            "ScaledObject text-keywords, trigger backlog: 'lagCont' is not a metadata key of the"
                + " redis-streams scaler",
            "ScaledObject text-keywords, trigger backlog: exactly one of "
                + "[lagCount, pendingEntriesCount, streamLength] is wanted; one trigger each");
  }

  /** The manifest {@code name} with its one occurrence of {@code field} renamed, validated. */
  private static List<Kubeconform.Result> misspelt(String name, String field, String misspelt)
      throws IOException {
    String manifest = Files.readString(TREE.root().resolve(name), StandardCharsets.UTF_8);
    assertThat(manifest).as(name).containsOnlyOnce(field);
    Path file = work.resolve("misspelt.yaml");
    Files.writeString(file, manifest.replace(field, misspelt), StandardCharsets.UTF_8);
    return kubeconform.validate(List.of(file));
  }

  /** The custom resource among the results, the built-in ones that share its file left out. */
  private static Kubeconform.Result only(List<Kubeconform.Result> results) {
    return results.stream()
        .filter(result -> !Kubeconform.BUILT_IN.contains(result.kind()))
        .reduce(
            (a, b) -> {
              throw new AssertionError("more than one custom resource: " + results);
            })
        .orElseThrow(() -> new AssertionError("no custom resource: " + results));
  }
}
