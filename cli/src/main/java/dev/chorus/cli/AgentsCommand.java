package dev.chorus.cli;

import dev.chorus.registry.AgentView;
import dev.chorus.registry.CapabilityLimits;
import dev.chorus.registry.CapabilityView;
import dev.chorus.registry.RedisRegistry;
import dev.chorus.registry.RegistryOverview;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;

@Command(
    name = "agents",
    mixinStandardHelpOptions = true,
    description = {
      "Show the agent registry as tables.",
      "Each registered agent (version, state, labels, lease left), then each capability per major version",
      "(its stream, versions, healthy and draining agents, backlog and pending tasks)."
    })
final class AgentsCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    try (RedisSession redis = RedisSession.fromEnvironment()) {
      RegistryOverview overview =
          new RegistryOverview(new RedisRegistry(redis.commands()), redis.commands());
      long now = System.currentTimeMillis();
      List<List<String>> agents = new ArrayList<>();
      for (AgentView a : overview.agents()) {
        Map<String, String> labels = new TreeMap<>(a.labels());
        agents.add(
            List.of(
                a.agentId(),
                a.capability(),
                a.version(),
                a.state(),
                Integer.toString(a.concurrency()),
                labels.isEmpty()
                    ? "-"
                    : labels.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(",")),
                String.format("%.1fs", Math.max(0, a.leaseExpiresMillis() - now) / 1000.0)));
      }
      Console.table(
          List.of("AGENT", "CAPABILITY", "VERSION", "STATE", "CONCURRENCY", "LABELS", "LEASE LEFT"),
          agents);
      System.out.println();
      List<List<String>> capabilities = new ArrayList<>();
      for (CapabilityView c : overview.capabilities()) {
        for (CapabilityView.Major m : c.majors()) {
          capabilities.add(
              List.of(
                  c.capability(),
                  Integer.toString(m.major()),
                  m.stream(),
                  String.join(",", m.versions()),
                  Integer.toString(m.healthyAgents().size()),
                  Integer.toString(m.drainingAgents().size()),
                  Long.toString(m.backlog()),
                  Long.toString(m.pending()),
                  limits(c)));
        }
      }
      Console.table(
          List.of(
              "CAPABILITY",
              "MAJOR",
              "STREAM",
              "VERSIONS",
              "HEALTHY",
              "DRAINING",
              "BACKLOG",
              "PENDING",
              "LIMITS"),
          capabilities);
    }
    return 0;
  }

  private static String limits(CapabilityView capability) {
    CapabilityLimits limits = capability.limits();
    List<String> parts = new ArrayList<>();
    if (capability.pausedUntil() != null) {
      parts.add("paused until " + capability.pausedUntil());
    }
    if (limits.rate() > 0) {
      parts.add(
          String.format(
              "%s/s burst %d",
              BigDecimal.valueOf(limits.rate()).stripTrailingZeros().toPlainString(),
              limits.burst()));
    }
    if (limits.maxInFlight() > 0) {
      parts.add("in flight " + limits.maxInFlight());
    }
    return parts.isEmpty() ? "-" : String.join(", ", parts);
  }
}
