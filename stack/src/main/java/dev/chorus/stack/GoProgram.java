package dev.chorus.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A program built from the Go module proxy with {@code go install} the first time it is needed,
 * into {@code .tools/go/<name>@<version>/} of the checkout. A folder per program and version keeps
 * programs whose binaries share a name ({@code server}) apart, and a new version beside the old.
 *
 * @param name what the program is called here, and its folder's name
 * @param goPackage the main package, as {@code go install} takes it
 * @param version the module version, pinned (later ones may not build from the proxy)
 */
public record GoProgram(String name, String goPackage, String version) {

  /** Validates manifests against the CRDs' schemas, offline. */
  public static final GoProgram KUBECONFORM =
      new GoProgram("kubeconform", "github.com/yannh/kubeconform/cmd/kubeconform", "v0.7.0");

  /**
   * Renders the Kustomize overlays under {@code infra/}, so what is validated is what is applied.
   */
  public static final GoProgram KUSTOMIZE =
      new GoProgram("kustomize", "sigs.k8s.io/kustomize/kustomize/v5", "v5.8.2");

  /** The Temporal server itself, for a store other than the dev server's SQLite. */
  public static final GoProgram TEMPORAL_SERVER =
      new GoProgram("temporal-server", "go.temporal.io/server/cmd/server", "v1.29.1");

  /** Creates and migrates the Temporal server's SQL schemas. */
  public static final GoProgram TEMPORAL_SQL_TOOL =
      new GoProgram("temporal-sql-tool", "go.temporal.io/server/cmd/tools/sql", "v1.29.1");

  private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(20);

  /**
   * The program's binary, built first when it is missing. Concurrent callers (test JVMs started
   * side by side) wait for one build instead of running two into the same folder.
   */
  public Path installed(Tools tools) {
    Path dir = tools.checkout().resolve(".tools/go").resolve(name + "@" + version);
    Path binary = dir.resolve(binaryName());
    if (Files.isExecutable(binary)) {
      return binary;
    }
    try {
      Files.createDirectories(dir);
      try (FileChannel channel =
              FileChannel.open(
                  dir.resolveSibling(name + "@" + version + ".lock"),
                  StandardOpenOption.CREATE,
                  StandardOpenOption.WRITE);
          FileLock ignored = channel.lock()) {
        if (!Files.isExecutable(binary)) {
          build(dir);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not install " + name + " into " + dir, e);
    }
    return binary;
  }

  /**
   * {@code go install} names the binary after the package's last path element, or the one before it
   * when the last is a major-version suffix ({@code kustomize/v5} installs {@code kustomize}).
   */
  String binaryName() {
    String[] elements = goPackage.split("/");
    String last = elements[elements.length - 1];
    return last.matches("v[0-9]+") && elements.length > 1 ? elements[elements.length - 2] : last;
  }

  private void build(Path dir) {
    Path go =
        Tools.onPath("go")
            .orElseThrow(
                () ->
                    new StackException(
                        "go is not installed (looked on the PATH); it builds "
                            + name
                            + " "
                            + version));
    ToolRun.check(
        "go install " + goPackage + "@" + version,
        List.of(go.toString(), "install", goPackage + "@" + version),
        Map.of("GOBIN", dir.toString()),
        dir.resolveSibling(name + "@" + version + ".build.log"),
        BUILD_TIMEOUT);
  }
}
