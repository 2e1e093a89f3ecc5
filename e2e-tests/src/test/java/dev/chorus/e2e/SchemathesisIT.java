package dev.chorus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.client.WorkflowNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Schemathesis generates requests from the gateway's live OpenAPI document and checks every answer:
 * no 5xx, only documented status codes and media types, bodies that match their schemas. It runs as
 * an admin so every operation is reached. The number of cases is printed.
 */
@ChorusE2E
class SchemathesisIT {

  /**
   * Cases per operation in the fuzzing phase; raise it with -Dchorus.e2e.schemathesis-examples for
   * a longer hunt.
   */
  private static final String MAX_EXAMPLES =
      System.getProperty("chorus.e2e.schemathesis-examples", "25");

  private final TestStack stack;

  SchemathesisIT(TestStack stack) {
    this.stack = stack;
  }

  @Test
  void theLiveApiHonoursItsOpenApiDocument() throws IOException, InterruptedException {
    // Missing from the checkout's Python environment, it fails the test saying how to install it.
    Path schemathesis = stack.tools.pythonProgram("schemathesis");
    Instant began = Instant.now();
    Path reports = Files.createDirectories(stack.reports.resolve("schemathesis"));
    Path log = reports.resolve("schemathesis.log");
    List<String> command =
        List.of(
            schemathesis.toString(),
            "run",
            stack.gatewayUrl + "/v3/api-docs",
            "--checks",
            "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
            "--max-examples",
            MAX_EXAMPLES,
            // A fixed seed: a failure found once is found again on the next run.
            "--seed",
            "20261125",
            // One worker: hypothesis parses lambda sources with the ast module, which breaks when
            // two threads do it at once.
            "--workers",
            "1",
            "--request-timeout",
            "90",
            "--header",
            "X-API-Key: " + TestStack.ADMIN_KEY,
            // Both schemes the document declares get a valid credential: a made-up bearer token
            // beside the key would be refused, and refused credentials lock out the address (the
            // gateway's own defence), leaving every operation answering 429 untested.
            "--header",
            "Authorization: ApiKey " + TestStack.ADMIN_KEY,
            // Invoking a capability answers 503 when no agent serves it and 504 when none replies
            // in
            // time: those are its documented answers, and random capability names have no agents.
            // A run's live stream answers until the run ends or the stream idles for minutes,
            // longer than any request timeout; LiveRunIT reads it as a client would.
            "--exclude-path-regex",
            ".*/(invoke|stream)$",
            "--report",
            "junit",
            "--report-dir",
            reports.toString(),
            "--output-sanitize",
            "true");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean finished;
    try {
      finished = process.waitFor(15, TimeUnit.MINUTES);
    } finally {
      terminateRunsStartedSince(stack, began);
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    System.out.println(output);
    if (!finished) {
      process.destroyForcibly();
    }
    assertThat(finished).as("schemathesis finished within 15 minutes").isTrue();
    Matcher cases = Pattern.compile("Test cases:\\s*(\\d+) generated").matcher(output);
    assertThat(cases.find()).as("schemathesis printed its summary:\n" + output).isTrue();
    System.out.println(
        "schemathesis ran " + cases.group(1) + " test cases against " + stack.gatewayUrl);
    assertThat(process.exitValue()).as("schemathesis found problems:\n" + output).isZero();
  }

  /** The runs schemathesis started would keep the worker busy for the tests after this one. */
  private static void terminateRunsStartedSince(TestStack stack, Instant began) {
    stack
        .temporal
        .listExecutions("ExecutionStatus='Running' AND StartTime >= '" + began + "'")
        .forEach(
            execution -> {
              try {
                stack
                    .temporal
                    .newUntypedWorkflowStub(execution.getExecution().getWorkflowId())
                    .terminate("contract test over");
              } catch (WorkflowNotFoundException endedMeanwhile) {
                // Nothing to stop.
              }
            });
  }
}
