package dev.chorus.infra;

import dev.chorus.stack.GoProgram;
import dev.chorus.stack.Tools;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * kubeconform, strict and offline: custom resources against the schemas {@link CrdSchemas} made
 * from {@code infra/crds}, nothing fetched. The built-in kinds have no local schema; they are
 * skipped, and {@link Result#unchecked} tells which were, so a custom resource whose schema is
 * missing (a misspelt apiVersion, a CRD not copied in) cannot pass as skipped.
 *
 * @param binary the kubeconform program
 * @param schemaLocation the {@code -schema-location} template of the local schemas
 */
record Kubeconform(Path binary, String schemaLocation) {

  /** Kinds Kubernetes itself serves, which kubeconform cannot check here. */
  static final Set<String> BUILT_IN =
      Set.of(
          "v1/ConfigMap",
          "v1/Namespace",
          "v1/Secret",
          "v1/Service",
          "v1/ServiceAccount",
          "apps/v1/Deployment",
          "apps/v1/StatefulSet");

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /**
   * kubeconform (built on first use) with the schemas of {@code infra/crds} written to {@code
   * schemas}.
   */
  static Kubeconform forTree(InfraTree tree, Path schemas) {
    CrdSchemas.write(tree.crds(), schemas);
    return new Kubeconform(
        GoProgram.KUBECONFORM.installed(Tools.locate()), CrdSchemas.location(schemas));
  }

  /** The verdict on each resource in {@code files}. */
  List<Result> validate(List<Path> files) {
    List<String> command = command();
    files.forEach(file -> command.add(file.toString()));
    return results(Command.run(command, null));
  }

  /** The verdict on each resource of the YAML stream in {@code file}, read as standard input. */
  List<Result> validateStream(Path file) {
    List<String> command = command();
    command.add("-");
    return results(Command.run(command, file));
  }

  private List<String> command() {
    return new ArrayList<>(
        List.of(
            binary.toString(),
            "-strict",
            "-ignore-missing-schemas",
            "-schema-location",
            schemaLocation,
            "-output",
            "json",
            "-verbose"));
  }

  private static List<Result> results(Command run) {
    // Exit code 1 only says some resource is invalid, which the results tell; anything else, or
    // output that is not its report, is kubeconform failing to run.
    if (run.exitCode() > 1 || !run.stdout().strip().startsWith("{")) {
      throw new IllegalStateException(
          "kubeconform failed (exit code " + run.exitCode() + "): " + run.stdout() + run.stderr());
    }
    List<Result> results = new ArrayList<>();
    for (JsonNode resource : JSON.readTree(run.stdout()).path("resources")) {
      List<String> errors = new ArrayList<>();
      resource
          .path("validationErrors")
          .forEach(
              error ->
                  errors.add(error.path("path").asString() + ": " + error.path("msg").asString()));
      results.add(
          new Result(
              resource.path("filename").asString(),
              resource.path("version").asString() + "/" + resource.path("kind").asString(),
              resource.path("name").asString(),
              resource.path("status").asString(),
              resource.path("msg").asString(),
              errors));
    }
    return results;
  }

  /**
   * kubeconform's verdict on one resource.
   *
   * @param file the file it came from ({@code stdin} for a stream)
   * @param kind its apiVersion and kind, e.g. {@code keda.sh/v1alpha1/ScaledObject}
   * @param name its name
   * @param status {@code statusValid}, {@code statusInvalid}, {@code statusError}, {@code
   *     statusSkipped} or {@code statusEmpty}
   * @param message why it is invalid or in error
   * @param errors each violation, as its path and message
   */
  record Result(
      String file, String kind, String name, String status, String message, List<String> errors) {

    boolean valid() {
      return status.equals("statusValid") || status.equals("statusEmpty");
    }

    /** Skipped for want of a schema while not one of Kubernetes's own kinds. */
    boolean unchecked() {
      return status.equals("statusSkipped") && !BUILT_IN.contains(kind);
    }

    boolean problem() {
      return !(valid() || status.equals("statusSkipped")) || unchecked();
    }

    @Override
    public String toString() {
      return file
          + ": "
          + kind
          + " "
          + name
          + ": "
          + status
          + (message.isEmpty() ? "" : " " + message)
          + (errors.isEmpty() ? "" : " " + errors);
    }
  }
}
