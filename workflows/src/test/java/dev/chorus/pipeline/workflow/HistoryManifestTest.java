package dev.chorus.pipeline.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Recorded histories are append-only: each has a line in {@value #MANIFEST} (the format {@code
 * sha256sum} writes and {@code sha256sum -c} checks) and still has the bytes it was recorded with.
 * A history re-recorded to make {@link PipelineWorkflowReplayTest} pass would hide the very change
 * that breaks the runs in flight; here it shows up as a changed manifest line in review. A new
 * history gets a new file name and a line appended: {@code sha256sum new.json >> MANIFEST.sha256}.
 */
class HistoryManifestTest {

  static final String MANIFEST = "MANIFEST.sha256";
  private static final String HOW =
      "add a new history under a new name and append its line: sha256sum NAME.json >> " + MANIFEST;

  private static Map<String, String> listed;
  private static List<String> recorded;

  @BeforeAll
  static void read() throws IOException {
    listed = new LinkedHashMap<>();
    for (String line : Files.readAllLines(PipelineWorkflowReplayTest.HISTORIES.resolve(MANIFEST))) {
      if (line.isBlank()) {
        continue;
      }
      // "<hex>  <name>", or "<hex> *<name>" as sha256sum writes it in binary mode.
      String[] parts = line.split(" [ *]", 2);
      assertThat(parts).as("manifest line '%s' is not '<sha256>  <file>'", line).hasSize(2);
      assertThat(listed.put(parts[1], parts[0]))
          .as("%s listed twice in %s", parts[1], MANIFEST)
          .isNull();
    }
    recorded = PipelineWorkflowReplayTest.histories().toList();
  }

  @Test
  void everyRecordedHistoryIsListed() {
    List<String> unlisted = recorded.stream().filter(file -> !listed.containsKey(file)).toList();
    assertThat(unlisted).as("histories missing from %s (%s)", MANIFEST, HOW).isEmpty();
  }

  @Test
  void everyListedHistoryStillExists() {
    List<String> gone = listed.keySet().stream().filter(file -> !recorded.contains(file)).toList();
    assertThat(gone)
        .as("histories in %s whose file is gone: a recorded history is never removed", MANIFEST)
        .isEmpty();
  }

  @Test
  void noListedHistoryChanged() throws IOException {
    List<String> changed = new ArrayList<>();
    for (Map.Entry<String, String> line : listed.entrySet()) {
      Path file = PipelineWorkflowReplayTest.HISTORIES.resolve(line.getKey());
      if (Files.exists(file) && !sha256(file).equals(line.getValue())) {
        changed.add(line.getKey());
      }
    }
    assertThat(changed)
        .as(
            "histories that differ from their %s line: a recorded history is never re-recorded (%s)",
            MANIFEST, HOW)
        .isEmpty();
  }

  private static String sha256(Path file) throws IOException {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException("every JVM has SHA-256", impossible);
    }
  }
}
