package dev.chorus.bench;

import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a run's time goes, read from Temporal's own event times: for every pair of consecutive
 * history events (e.g. timer started → signal received, which is the agent's and the bridge's share
 * on the bridge path), the time between them, per step, averaged over the sampled runs.
 */
final class HistoryBreakdown {

  private HistoryBreakdown() {}

  /** Milliseconds per step by "EVENT_A -> EVENT_B", over the given completed runs. */
  static Map<String, Double> of(WorkflowClient client, List<String> workflowIds, int stepsPerRun) {
    Map<String, Double> totals = new TreeMap<>();
    for (String id : workflowIds) {
      List<HistoryEvent> events = client.fetchHistory(id).getEvents();
      for (int i = 1; i < events.size(); i++) {
        String transition = name(events.get(i - 1)) + " -> " + name(events.get(i));
        totals.merge(transition, millis(events.get(i)) - millis(events.get(i - 1)), Double::sum);
      }
    }
    double per = (double) workflowIds.size() * stepsPerRun;
    totals.replaceAll((transition, total) -> VariantSummary.round(total / per));
    totals.values().removeIf(ms -> ms < 0.05);
    return totals;
  }

  private static String name(HistoryEvent event) {
    return event.getEventType().name().replace("EVENT_TYPE_", "");
  }

  private static double millis(HistoryEvent event) {
    return event.getEventTime().getSeconds() * 1000.0 + event.getEventTime().getNanos() / 1e6;
  }
}
