package dev.chorus.app;

import dev.chorus.protocol.DeadLetters;
import dev.chorus.registry.CapabilityView;
import dev.chorus.registry.RegistryOverview;
import dev.chorus.registry.ScaleSignal;
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
 * chorus_capability_healthy_agents}), summed over its majors; per capability and major its scale
 * signals, the rates at which tasks arrive and are answered ({@code
 * chorus_capability_arrival_rate_tasks_per_second}, {@code
 * chorus_capability_completion_rate_tasks_per_second}) and the agent replicas its load asks for
 * ({@code chorus_capability_desired_replicas}); per dead-letter queue its entries ({@code
 * chorus_dead_letters}).
 */
final class BusGauges implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(BusGauges.class);

  private final RegistryOverview registry;
  private final DeadLetters deadLetters;
  private final MultiGauge backlog;
  private final MultiGauge pending;
  private final MultiGauge healthyAgents;
  private final MultiGauge deadLetterEntries;
  private final MultiGauge arrivalRate;
  private final MultiGauge completionRate;
  private final MultiGauge desiredReplicas;

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
    arrivalRate =
        MultiGauge.builder("chorus.capability.arrival.rate")
            .baseUnit("tasks.per.second")
            .description(
                "Tasks added to a capability major's stream per second, over the rate window")
            .register(meters);
    completionRate =
        MultiGauge.builder("chorus.capability.completion.rate")
            .baseUnit("tasks.per.second")
            .description("Tasks of a capability major answered per second, over the rate window")
            .register(meters);
    desiredReplicas =
        MultiGauge.builder("chorus.capability.desired.replicas")
            .description(
                "Agent replicas a capability major's load asks for, by KEDA's formula and window")
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
      List<MultiGauge.Row<?>> arrivalRows = new ArrayList<>();
      List<MultiGauge.Row<?>> completionRows = new ArrayList<>();
      List<MultiGauge.Row<?>> desiredRows = new ArrayList<>();
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
        for (CapabilityView.Major major : capability.majors()) {
          ScaleSignal scale = major.scale();
          Tags majorTags = tags.and("major", Integer.toString(major.major()));
          desiredRows.add(MultiGauge.Row.of(majorTags, scale.desiredReplicas()));
          if (scale.arrivalRate() != null) {
            arrivalRows.add(MultiGauge.Row.of(majorTags, scale.arrivalRate()));
            completionRows.add(MultiGauge.Row.of(majorTags, scale.completionRate()));
          }
        }
      }
      List<MultiGauge.Row<?>> deadRows = new ArrayList<>();
      for (Map.Entry<String, Long> queue : deadLetters.counts().entrySet()) {
        deadRows.add(MultiGauge.Row.of(Tags.of("queue", queue.getKey()), queue.getValue()));
      }
      // overwrite: capabilities that disappeared from the registry stop being reported.
      backlog.register(backlogRows, true);
      pending.register(pendingRows, true);
      healthyAgents.register(agentRows, true);
      arrivalRate.register(arrivalRows, true);
      completionRate.register(completionRows, true);
      desiredReplicas.register(desiredRows, true);
      deadLetterEntries.register(deadRows, true);
    } catch (RedisException e) {
      log.warn("reading the bus for its gauges failed, will retry: {}", e.getMessage());
    }
  }
}
