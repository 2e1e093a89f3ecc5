package dev.chorus.pipeline;

import java.util.Map;

/**
 * One step as the state query shows it. Steps inside a forEach appear once per item, as {@code
 * <forEach>[<index>]/<step>}.
 *
 * @param kind agent, parallel, switch, forEach, wait or pipeline
 * @param attempts dispatches so far (agent steps)
 * @param duplicateReplies replies that arrived after the step already had its answer (ignored)
 * @param agentId who gave the accepted answer
 * @param startedMillis workflow time the step started, 0 before it
 * @param finishedMillis workflow time it ended, 0 before it
 */
public record StepState(
    String name,
    String kind,
    String capability,
    StepStatus status,
    int attempts,
    int duplicateReplies,
    String agentId,
    long startedMillis,
    long finishedMillis,
    Map<String, Object> output,
    String error) {

  static StepState pending(String name, String kind, String capability) {
    return new StepState(name, kind, capability, StepStatus.PENDING, 0, 0, null, 0, 0, null, null);
  }

  StepState started(StepStatus running, long nowMillis) {
    long started = startedMillis == 0 ? nowMillis : startedMillis;
    return new StepState(name, kind, capability, running, attempts, duplicateReplies, agentId, started, 0, null, error);
  }

  StepState dispatched(String answeringCapability, int attempt, long nowMillis) {
    long started = startedMillis == 0 ? nowMillis : startedMillis;
    return new StepState(name, kind, answeringCapability, StepStatus.DISPATCHED, attempt, duplicateReplies, agentId, started, 0, null, error);
  }

  StepState retrying(String why) {
    return new StepState(name, kind, capability, status, attempts, duplicateReplies, agentId, startedMillis, 0, null, why);
  }

  StepState completed(String answeredBy, Map<String, Object> result, long nowMillis) {
    return new StepState(name, kind, capability, StepStatus.COMPLETED, attempts, duplicateReplies, answeredBy == null ? agentId : answeredBy, startedMillis, nowMillis, result, null);
  }

  StepState ended(StepStatus end, String why, long nowMillis) {
    return new StepState(name, kind, capability, end, attempts, duplicateReplies, agentId, startedMillis, nowMillis, output, why);
  }

  StepState withStatus(StepStatus next, String why) {
    return new StepState(name, kind, capability, next, attempts, duplicateReplies, agentId, startedMillis, finishedMillis, output, why == null ? error : why);
  }

  StepState withDuplicates(int duplicates) {
    return new StepState(name, kind, capability, status, attempts, duplicates, agentId, startedMillis, finishedMillis, output, error);
  }
}
