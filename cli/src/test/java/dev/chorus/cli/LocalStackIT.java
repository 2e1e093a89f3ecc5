package dev.chorus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.stack.Ports;
import dev.chorus.stack.Tools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The packaged command line against a stack of its own (free ports, its state under {@code
 * target/}): {@code up} starts only what is missing, {@code status} shows died agents (a Java one
 * and the Python one), {@code down} stops what {@code up} started.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LocalStackIT {

  private static final Pattern RUNNING =
      Pattern.compile("^(\\S+)\\s+running pid (\\d+)", Pattern.MULTILINE);
  private static final Tools TOOLS = Tools.locate();

  /** The agents the test kills: one in Java, the Python one. */
  private static final List<String> DIED = List.of("agent-keywords", "agent-stats");

  private static final Map<String, String> ENVIRONMENT = new HashMap<>();

  @BeforeAll
  static void ports() {
    ENVIRONMENT.put(
        "CHORUS_STATE_DIR", Path.of("target/local-stack-it").toAbsolutePath().toString());
    ENVIRONMENT.put("CHORUS_GATEWAY_PORT", Integer.toString(Ports.free()));
    ENVIRONMENT.put("CHORUS_TEMPORAL_PORT", Integer.toString(Ports.free()));
    ENVIRONMENT.put("CHORUS_TEMPORAL_UI_PORT", Integer.toString(Ports.free()));
    ENVIRONMENT.put("CHORUS_REDIS_PORT", Integer.toString(Ports.free()));
  }

  @AfterAll
  static void down() throws Exception {
    chorus("down");
  }

  @Test
  void upStartsOnlyWhatIsMissingAndDownStopsWhatUpStarted() throws Exception {
    assertThat(chorus("up").exitCode()).isZero();
    Map<String, Long> first = running(chorus("status"));
    assertThat(first.keySet())
        .contains(
            "temporal",
            "redis",
            "chorus",
            "agent-keywords",
            "agent-summary",
            "agent-sentiment",
            "agent-stats");

    // A Python agent that dies must show as a Java one does: status knows agents by their PID
    // files.
    for (String agent : DIED) {
      ProcessHandle process = ProcessHandle.of(first.get(agent)).orElseThrow();
      process.destroyForcibly();
      process.onExit().get(30, TimeUnit.SECONDS);
    }
    Result died = chorus("status");
    assertThat(died.exitCode()).as("status with died agents").isEqualTo(1);
    for (String agent : DIED) {
      assertThat(died.out()).containsPattern(agent + "\\s+DIED");
    }

    assertThat(chorus("up").exitCode()).isZero();
    Map<String, Long> second = running(chorus("status"));
    first.forEach(
        (component, pid) -> {
          if (DIED.contains(component)) {
            assertThat(second.get(component))
                .as("the died %s, started again", component)
                .isNotNull()
                .isNotEqualTo(pid);
          } else {
            assertThat(second.get(component)).as("%s left as it was", component).isEqualTo(pid);
          }
        });

    assertThat(chorus("down").exitCode()).isZero();
    assertThat(running(chorus("status"))).isEmpty();
    second.values().forEach(pid -> assertThat(gone(pid)).as("pid %d gone", pid).isTrue());
  }

  /**
   * Gone, or a zombie: a server detached from the command line is reparented, and an init that does
   * not reap leaves it a zombie after it exited.
   */
  private static boolean gone(long pid) {
    try {
      String fields = java.nio.file.Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return fields.charAt(fields.lastIndexOf(')') + 2) == 'Z';
    } catch (java.io.IOException noSuchProcess) {
      return true;
    }
  }

  private static Map<String, Long> running(Result status) {
    Map<String, Long> pids = new HashMap<>();
    Matcher m = RUNNING.matcher(status.out());
    while (m.find()) {
      pids.put(m.group(1), Long.parseLong(m.group(2)));
    }
    return pids;
  }

  private static Result chorus(String... arguments) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                LocalStack.java(),
                "-jar",
                TOOLS.checkout().resolve("cli/target/chorus-cli-exec.jar").toString()));
    command.addAll(List.of(arguments));
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(TOOLS.checkout().toFile()).redirectErrorStream(true);
    builder.environment().putAll(ENVIRONMENT);
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(4, TimeUnit.MINUTES))
        .as("chorus %s finished", String.join(" ", arguments))
        .isTrue();
    System.out.println("$ chorus " + String.join(" ", arguments) + "\n" + out);
    return new Result(process.exitValue(), out);
  }

  private record Result(int exitCode, String out) {}
}
