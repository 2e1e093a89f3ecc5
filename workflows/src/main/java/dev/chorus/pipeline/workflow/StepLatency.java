package dev.chorus.pipeline.workflow;

import com.uber.m3.util.Duration;
import dev.chorus.pipeline.AgentReply;
import io.temporal.workflow.Workflow;
import java.util.HashMap;
import java.util.Map;

/**
 * Records each agent step's latency, from its last dispatch to the reply the run accepted, as the
 * timer {@code chorus_step_latency} tagged with the capability. It goes through the workflow's
 * Temporal metrics scope, which stays silent while a history replays, so a replayed step is not
 * counted twice; it issues no commands, so histories are unchanged.
 */
final class StepLatency implements AgentCallListener {

  static final String TIMER = "chorus_step_latency";

  // Looked up by step only, never iterated: no decision depends on the map's order.
  private final Map<String, Long> dispatchedAt = new HashMap<>();
  private final Map<String, String> capabilities = new HashMap<>();

  @Override
  public void dispatched(String step, String capability, int attempt, long nowMillis) {
    dispatchedAt.put(step, nowMillis);
    capabilities.put(step, capability);
  }

  @Override
  public void completed(String step, AgentReply reply, long nowMillis) {
    Long at = dispatchedAt.remove(step);
    String capability = capabilities.remove(step);
    if (at != null) {
      Workflow.getMetricsScope()
          .tagged(Map.of("capability", capability))
          .timer(TIMER)
          .record(Duration.ofMillis(nowMillis - at));
    }
  }
}
