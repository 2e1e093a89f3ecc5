package dev.chorus.bridge;

import dev.chorus.protocol.Streams;
import dev.chorus.protocol.TaskHandOff;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.models.stream.ClaimedMessages;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands on the tasks of agents that died holding them. The bridge, not the agents, watches the
 * pending lists, so this works for agents in any language: a task idle longer than {@link
 * ReclaimSettings#minIdle()} is claimed (XAUTOCLAIM) and put back on its stream as a new entry for
 * any live agent to take; after {@link ReclaimSettings#maxDeliveries()} deliveries it is a poison
 * task, dead-lettered, and its run is told at once.
 */
public class TaskReclaimer implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(TaskReclaimer.class);

  private final RedisCommands<String, String> redis;
  private final ReclaimSettings settings;
  private final TaskHandOff handOff;
  private final MeterRegistry meters;

  public TaskReclaimer(
      RedisCommands<String, String> redis, ReclaimSettings settings, MeterRegistry meters) {
    this.meters = meters;
    this.redis = redis;
    this.settings = settings;
    this.handOff = new TaskHandOff(redis, settings.consumerName(), settings.maxDeliveries());
  }

  @Override
  public void run() {
    try {
      for (String stream : TaskStreams.all(redis)) {
        reclaimQuietly(stream);
      }
    } catch (RedisException e) {
      log.warn("reclaiming abandoned tasks failed, will retry: {}", e.getMessage());
    }
  }

  /** One stream's trouble must not keep the others' tasks from being handed on. */
  private void reclaimQuietly(String stream) {
    try {
      reclaim(stream);
    } catch (RedisCommandExecutionException e) {
      if (!String.valueOf(e.getMessage()).startsWith("NOGROUP")) {
        log.warn("reclaiming abandoned tasks of {} failed, will retry: {}", stream, e.getMessage());
      }
      // NOGROUP: no agent ever joined this capability, so nothing can be pending.
    }
  }

  /** Hands on every abandoned task of one stream; returns how many were claimed. */
  int reclaim(String stream) {
    Consumer<String> me = Consumer.from(Streams.AGENT_GROUP, settings.consumerName());
    String cursor = "0-0";
    int claimed = 0;
    do {
      ClaimedMessages<String, String> page =
          redis.xautoclaim(
              stream, XAutoClaimArgs.Builder.xautoclaim(me, settings.minIdle(), cursor).count(100));
      for (StreamMessage<String, String> message : page.getMessages()) {
        handOn(stream, message);
        claimed++;
      }
      cursor = page.getId();
    } while (!"0-0".equals(cursor));
    return claimed;
  }

  private void handOn(String stream, StreamMessage<String, String> message) {
    TaskHandOff.Outcome outcome = handOff.handOn(stream, message);
    if (outcome != TaskHandOff.Outcome.DROPPED) {
      // Counted per capability: chorus_redeliveries_total and chorus_dead_lettered_tasks_total.
      String counter =
          outcome == TaskHandOff.Outcome.HANDED_ON
              ? "chorus.redeliveries"
              : "chorus.dead.lettered.tasks";
      meters.counter(counter, "capability", Streams.capabilityOf(stream)).increment();
      log.info(
          "task {} of {} {}",
          message.getId(),
          stream,
          outcome == TaskHandOff.Outcome.HANDED_ON ? "handed on" : "dead-lettered");
    }
    acknowledge(stream, message);
  }

  private void acknowledge(String stream, StreamMessage<String, String> message) {
    redis.xack(stream, Streams.AGENT_GROUP, message.getId());
  }
}
