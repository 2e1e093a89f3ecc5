package dev.chorus.infra;

import dev.chorus.stack.GoProgram;
import dev.chorus.stack.Tools;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code kustomize build}, the renderer {@code kubectl apply -k} embeds, so the checks see what a
 * user applies: names, namespaces, labels and images as the overlays set them.
 *
 * @param binary the kustomize program
 */
record Kustomize(Path binary) {

  static Kustomize installed() {
    return new Kustomize(GoProgram.KUSTOMIZE.installed(Tools.locate()));
  }

  /** The resources {@code kustomization} renders, as one YAML stream. */
  String build(Path kustomization) {
    Command run = Command.run(List.of(binary.toString(), "build", kustomization.toString()), null);
    if (run.exitCode() != 0) {
      throw new IllegalStateException(
          "kustomize build " + kustomization + " failed: " + run.stderr().strip());
    }
    return run.stdout();
  }
}
