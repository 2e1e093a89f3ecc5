package dev.chorus.cli;

import dev.chorus.stack.Tools;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The Python SDK's tests (agent-sdk-python/tests), run by pytest of the checkout's Python
 * environment, where ./chorus installed the SDK. Its output goes to this terminal as it comes; its
 * closing line is kept, so that the summary of a long run can repeat it.
 */
final class PythonTests {

  static final String FOLDER = "agent-sdk-python";

  /** The exit code and pytest's closing line ("12 passed in 3.1s"). */
  record Result(int exitCode, String closingLine) {
    boolean passed() {
      return exitCode == 0;
    }
  }

  private PythonTests() {}

  static Result run(Tools tools) throws IOException, InterruptedException {
    Process pytest =
        new ProcessBuilder(
                List.of(
                    tools.python().toString(),
                    "-m",
                    "pytest",
                    "-q",
                    "-p",
                    "no:cacheprovider",
                    FOLDER))
            .directory(tools.checkout().toFile())
            .redirectErrorStream(true)
            .start();
    String closing = "pytest printed nothing";
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(pytest.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        System.out.println(line);
        if (!line.isBlank()) {
          closing = line;
        }
      }
    }
    return new Result(pytest.waitFor(), closing);
  }
}
