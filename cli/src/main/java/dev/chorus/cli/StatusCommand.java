package dev.chorus.cli;

import dev.chorus.stack.Component;
import dev.chorus.stack.RedisProbe;
import dev.chorus.stack.TemporalEngine;
import dev.chorus.stack.TemporalProbe;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Show each component, whether it runs, and its address.",
      "A component that was started and whose process ended without being stopped shows as DIED, with its log;",
      "the command then exits 1."
    })
final class StatusCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    LocalStack stack = LocalStack.fromEnvironment();
    List<List<String>> rows = new ArrayList<>();
    boolean died = false;
    if (stack.settings.temporalExternal()) {
      rows.add(
          List.of("temporal", reachable(temporalServes(stack)), stack.settings.temporalAddress()));
    }
    if (stack.settings.redisExternal()) {
      rows.add(
          List.of(
              "redis",
              reachable(RedisProbe.of(stack.redisUri()).ping()),
              stack.settings.redisUri()));
    }
    for (Component component : stack.components()) {
      Component.State state = component.state();
      died |= state == Component.State.DIED;
      String shown =
          switch (state) {
            case RUNNING -> "running pid " + component.pid().orElse(-1);
            case STOPPED -> "stopped";
            case DIED -> "DIED (see " + stack.tools.checkout().relativize(component.log()) + ")";
          };
      rows.add(List.of(component.name(), shown, address(stack, component.name())));
    }
    Console.table(List.of("COMPONENT", "STATE", "ADDRESS"), rows);
    return died ? 1 : 0;
  }

  private static boolean temporalServes(LocalStack stack) {
    try (TemporalProbe probe =
        new TemporalProbe(stack.settings.temporalAddress(), TemporalEngine.NAMESPACE)) {
      return probe.serving();
    }
  }

  private static String reachable(boolean reachable) {
    return reachable ? "external, reachable" : "external, UNREACHABLE";
  }

  private static String address(LocalStack stack, String component) {
    return switch (component) {
      case LocalStack.DEV_SERVER ->
          stack.settings.temporalAddress() + " (UI " + stack.settings.temporalUiUrl() + ")";
      case LocalStack.TEMPORAL_SERVER -> stack.settings.temporalAddress() + " (no Web UI)";
      case LocalStack.TEMPORAL_SERVER + "-postgres" ->
          "127.0.0.1:" + stack.settings.postgresPort() + " (PostgreSQL)";
      case "redis" -> stack.settings.redisUri();
      case "chorus" -> stack.gatewayUrl();
      case "prometheus" -> stack.prometheus().url();
      default -> "-";
    };
  }

  static void printEndpoints(LocalStack stack) {
    System.out.println();
    System.out.println("Chorus is up:");
    row("Gateway", stack.gatewayUrl());
    row("Temporal frontend", stack.settings.temporalAddress());
    row(
        "Temporal Web UI",
        stack.settings.postgresEngine()
            ? "none (the Temporal server on PostgreSQL has no Web UI)"
            : stack.settings.temporalUiUrl());
    row("Redis", stack.settings.redisUri());
    row("Metrics", stack.gatewayUrl() + "/actuator/prometheus");
    if (stack.prometheus().running()) {
      row("Prometheus", stack.prometheus().url() + " (alerts: /alerts)");
    }
    row(
        "Logs",
        stack.tools.checkout().relativize(stack.home.root())
            + "/logs/ (./chorus logs [component])");
  }

  private static void row(String what, String where) {
    System.out.printf("  %-18s %s%n", what, where);
  }
}
