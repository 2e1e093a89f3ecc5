package dev.chorus.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The visibility queries docs/pipelines.md gives operators for each run status, run as an operator
 * runs them: {@code temporal workflow list --query …} against the test stack's server.
 */
final class OperatorQueries {

  static final List<String> STATUSES =
      List.of(
          "RUNNING",
          "COMPENSATING",
          "COMPLETED",
          "COMPENSATED",
          "COMPENSATION_FAILED",
          "FAILED",
          "CANCELLED",
          "TERMINATED",
          "TIMED_OUT");

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
    Process process =
        new ProcessBuilder(
                stack.tools.temporal().toString(),
                "workflow",
                "list",
                "--address",
                stack.temporalServer.address(),
                "--query",
                query)
            .redirectErrorStream(true)
            .start();
    String output;
    try (var in = process.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new AssertionError("temporal workflow list --query \"" + query + "\": " + output);
    }
    return output.contains(runId);
  }
}
