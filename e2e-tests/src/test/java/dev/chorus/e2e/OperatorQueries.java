package dev.chorus.e2e;

import dev.chorus.pipeline.RunStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The visibility queries docs/pipelines.md gives operators for each run status, run as an operator
 * runs them: {@code temporal workflow list --query …} against the test stack's server.
 */
final class OperatorQueries {

  /** What a run's code records, then the endings only Temporal knows of. */
  static final List<String> STATUSES =
      Stream.concat(
              Arrays.stream(RunStatus.values()).map(RunStatus::name),
              Stream.of("TERMINATED", "TIMED_OUT"))
          .toList();

  /** A row of the table: {@code | `STATUS` | `query` |}. */
  private static final Pattern ROW = Pattern.compile("^\\| `([A-Z_]+)` \\| `([^`]+)` \\|");

  private final TestStack stack;
  private final Map<String, String> byStatus;

  private OperatorQueries(TestStack stack, Map<String, String> byStatus) {
    this.stack = stack;
    this.byStatus = byStatus;
  }

  static OperatorQueries documented(TestStack stack) {
    Path doc = stack.tools.checkout().resolve("docs/pipelines.md");
    Map<String, String> queries = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(doc)) {
        Matcher row = ROW.matcher(line);
        if (row.find()) {
          queries.put(row.group(1), row.group(2));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!queries.keySet().containsAll(STATUSES)) {
      throw new AssertionError(doc + " documents queries for " + queries.keySet() + " only");
    }
    return new OperatorQueries(stack, queries);
  }

  /** Whether the documented query for {@code status}, narrowed to one pipeline, lists the run. */
  boolean lists(String status, String pipeline, String runId)
      throws IOException, InterruptedException {
    String query = "ChorusPipeline='" + pipeline + "' AND (" + byStatus.get(status) + ")";
    return stack.temporalList(query).contains(runId);
  }
}
