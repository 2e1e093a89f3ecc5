package dev.chorus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.stack.Tools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The alert rules pass {@code promtool check rules}, and their unit tests ({@code promtool test
 * rules}: each alert firing on the series that should fire it, and silent otherwise) pass.
 */
class AlertRulesIT {

  private final Tools tools = Tools.locate();
  private final Path prometheus = tools.checkout().resolve("infra/prometheus");

  @Test
  void theRulesAreValid() throws Exception {
    assertThat(promtool("check", "rules", prometheus.resolve("chorus-alerts.rules.yml").toString()))
        .contains("SUCCESS");
  }

  @Test
  void everyAlertFiresAndStaysSilentAsItsUnitTestsSay() throws Exception {
    assertThat(promtool("test", "rules", prometheus.resolve("chorus-alerts.test.yml").toString()))
        .contains("SUCCESS");
  }

  private String promtool(String... arguments) throws Exception {
    java.util.List<String> command = new java.util.ArrayList<>();
    command.add(tools.promtool().toString());
    command.addAll(java.util.List.of(arguments));
    Process process =
        new ProcessBuilder(command)
            .directory(prometheus.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
    assertThat(process.exitValue())
        .as("promtool %s said:%n%s", String.join(" ", arguments), output)
        .isZero();
    return output;
  }
}
