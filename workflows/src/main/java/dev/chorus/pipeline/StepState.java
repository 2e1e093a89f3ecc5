package dev.chorus.pipeline;

import java.util.Map;

/**
 * One step as the state query shows it.
 *
 * @param attempts dispatches so far
 * @param duplicateReplies replies that arrived after the step already had its answer (ignored)
 * @param agentId who gave the accepted answer
 * @param startedMillis workflow time of the first dispatch, 0 before it
 * @param finishedMillis workflow time of the answer, 0 before it
 */
public record StepState(
    String name,
    String capability,
    StepStatus status,
    int attempts,
    int duplicateReplies,
    String agentId,
    long startedMillis,
    long finishedMillis,
    Map<String, Object> output,
    String error) {

  static StepState pending(StepDefinition step) {
    return new StepState(step.name(), step.capability(), StepStatus.PENDING, 0, 0, null, 0, 0, null, null);
  }

  StepState dispatched(int attempt, long nowMillis) {
    long started = startedMillis == 0 ? nowMillis : startedMillis;
    return new StepState(name, capability, StepStatus.DISPATCHED, attempt, duplicateReplies, agentId, started, 0, null, error);
  }

  StepState retrying(String why) {
    return new StepState(name, capability, status, attempts, duplicateReplies, agentId, startedMillis, 0, null, why);
  }

  StepState completed(AgentReply reply, long nowMillis) {
    return new StepState(name, capability, StepStatus.COMPLETED, attempts, duplicateReplies, reply.agentId(), startedMillis, nowMillis, reply.output(), null);
  }

  StepState failed(String why, long nowMillis) {
    return new StepState(name, capability, StepStatus.FAILED, attempts, duplicateReplies, agentId, startedMillis, nowMillis, null, why);
  }

  StepState withDuplicates(int duplicates) {
    return new StepState(name, capability, status, attempts, duplicates, agentId, startedMillis, finishedMillis, output, error);
  }
}
