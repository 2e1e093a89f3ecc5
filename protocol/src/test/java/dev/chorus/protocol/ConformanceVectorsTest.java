package dev.chorus.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The language-neutral conformance vectors of docs/schemas/conformance, run through the parsing
 * every Java reader uses: {@link TaskEnvelope#fromFields} is what the Java SDK's {@code
 * AgentRunner} reads tasks with, {@link ReplyEnvelope#fromFields} what the bridge's {@code
 * ReplyListener} and the gateway's request/reply path read replies with, {@link
 * ProgressEnvelope#fromFields} what the bridge's {@code ProgressRelay} reads progress with. Neither
 * has checks of its own, so this one test keeps them, the published schemas and the Python SDK
 * (whose tests run the same files) from drifting apart.
 */
class ConformanceVectorsTest {

  private static final Path VECTORS = Path.of("..", "docs", "schemas", "conformance");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TestFactory
  Stream<DynamicTest> taskVectors() throws IOException {
    return vectors("task", TaskEnvelope::fromFields);
  }

  @TestFactory
  Stream<DynamicTest> replyVectors() throws IOException {
    return vectors("reply", ReplyEnvelope::fromFields);
  }

  @TestFactory
  Stream<DynamicTest> progressVectors() throws IOException {
    return vectors("progress", ProgressEnvelope::fromFields);
  }

  private static Stream<DynamicTest> vectors(String kind, Consumer<Map<String, String>> parse)
      throws IOException {
    List<Path> files;
    try (Stream<Path> listed = Files.list(VECTORS.resolve(kind))) {
      files = listed.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(files).as("vectors in %s", VECTORS.resolve(kind)).hasSizeGreaterThanOrEqualTo(10);
    return files.stream()
        .map(
            file ->
                DynamicTest.dynamicTest(
                    file.getFileName().toString(), () -> run(file, kind, parse)));
  }

  private static void run(Path file, String kind, Consumer<Map<String, String>> parse)
      throws IOException {
    JsonNode vector = JSON.readTree(file.toFile());
    Map<String, String> fields =
        JSON.convertValue(vector.get("fields"), new TypeReference<Map<String, String>>() {});
    if (vector.get("valid").asBoolean()) {
      assertThatCode(() -> parse.accept(fields))
          .as("%s: %s", file, vector.get("description").asText())
          .doesNotThrowAnyException();
    } else {
      assertThatThrownBy(() -> parse.accept(fields))
          .as("%s: %s", file, vector.get("description").asText())
          .isInstanceOf(MalformedEnvelopeException.class)
          .hasMessageStartingWith("malformed " + kind + ": ")
          .hasMessageContaining(vector.get("reason").asText());
    }
  }
}
