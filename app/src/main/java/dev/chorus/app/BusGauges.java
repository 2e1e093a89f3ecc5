package dev.chorus.app;

import dev.chorus.protocol.DeadLetters;
import dev.chorus.registry.CapabilityView;
import dev.chorus.registry.RegistryOverview;
import io.lettuce.core.RedisException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state of the bus as gauges, read from Redis on the bridge role's schedule: per capability its
 * backlog ({@code chorus_capability_backlog_tasks}), its pending tasks ({@code
 * chorus_capability_pending_tasks}) and its healthy agents ({@code
 * chorus_capability_healthy_agents}), summed over its majors; per dead-letter queue its entries
 * ({@code chorus_dead_letters}).
 */
final class BusGauges implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(BusGauges.class);

  private final RegistryOverview registry;
  private final DeadLetters deadLetters;
  private final MultiGauge backlog;
  private final MultiGauge pending;
  private final MultiGauge healthyAgents;
  private final MultiGauge deadLetterEntries;

  BusGauges(RegistryOverview registry, DeadLetters deadLetters, MeterRegistry meters) {
    this.registry = registry;
    this.deadLetters = deadLetters;
    backlog =
        MultiGauge.builder("chorus.capability.backlog")
            .baseUnit("tasks")
            .description("Tasks on a capability's streams not yet read by any agent")
            .register(meters);
    pending =
        MultiGauge.builder("chorus.capability.pending")
            .baseUnit("tasks")
            .description("Tasks read by an agent of a capability and not yet acknowledged")
            .register(meters);
    healthyAgents =
        MultiGauge.builder("chorus.capability.healthy.agents")
            .description("Agents of a capability taking new work")
            .register(meters);
    deadLetterEntries =
        MultiGauge.builder("chorus.dead.letters")
            .description("Entries waiting in a dead-letter queue")
            .register(meters);
  }

  @Override
  public void run() {
    try {
      List<MultiGauge.Row<?>> backlogRows = new ArrayList<>();
      List<MultiGauge.Row<?>> pendingRows = new ArrayList<>();
      List<MultiGauge.Row<?>> agentRows = new ArrayList<>();
      for (CapabilityView capability : registry.capabilities()) {
        Tags tags = Tags.of("capability", capability.capability());
        backlogRows.add(
            MultiGauge.Row.of(
                tags, capability.majors().stream().mapToLong(CapabilityView.Major::backlog).sum()));
        pendingRows.add(
            MultiGauge.Row.of(
                tags, capability.majors().stream().mapToLong(CapabilityView.Major::pending).sum()));
        agentRows.add(
            MultiGauge.Row.of(
                tags, capability.majors().stream().mapToInt(m -> m.healthyAgents().size()).sum()));
      }
      List<MultiGauge.Row<?>> deadRows = new ArrayList<>();
      for (Map.Entry<String, Long> queue : deadLetters.counts().entrySet()) {
        deadRows.add(MultiGauge.Row.of(Tags.of("queue", queue.getKey()), queue.getValue()));
      }
      // overwrite: capabilities that disappeared from the registry stop being reported.
      backlog.register(backlogRows, true);
      pending.register(pendingRows, true);
      healthyAgents.register(agentRows, true);
      deadLetterEntries.register(deadRows, true);
    } catch (RedisException e) {
      log.warn("reading the bus for its gauges failed, will retry: {}", e.getMessage());
    }
  }
}
