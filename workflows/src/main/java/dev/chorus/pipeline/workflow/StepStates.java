package dev.chorus.pipeline.workflow;

import dev.chorus.pipeline.StepState;
import dev.chorus.pipeline.StepStatus;
import java.util.Map;

/**
 * The changes {@link RunProgress} makes to one step's view as the run goes on; each gives a new
 * record.
 */
final class StepStates {

  private StepStates() {}

  static StepState pending(String name, String kind, String capability) {
    return new StepState(name, kind, capability, StepStatus.PENDING, 0, 0, null, 0, 0, null, null);
  }

  static StepState started(StepState s, StepStatus running, long nowMillis) {
    long started = s.startedMillis() == 0 ? nowMillis : s.startedMillis();
    return new StepState(
        s.name(),
        s.kind(),
        s.capability(),
        running,
        s.attempts(),
        s.duplicateReplies(),
        s.agentId(),
        started,
        0,
        null,
        s.error());
  }

  static StepState dispatched(
      StepState s, String answeringCapability, int attempt, long nowMillis) {
    long started = s.startedMillis() == 0 ? nowMillis : s.startedMillis();
    return new StepState(
        s.name(),
        s.kind(),
        answeringCapability,
        StepStatus.DISPATCHED,
        attempt,
        s.duplicateReplies(),
        s.agentId(),
        started,
        0,
        null,
        s.error());
  }

  static StepState answeredBy(StepState s, String agentId) {
    return new StepState(
        s.name(),
        s.kind(),
        s.capability(),
        s.status(),
        s.attempts(),
        s.duplicateReplies(),
        agentId,
        s.startedMillis(),
        s.finishedMillis(),
        s.output(),
        s.error());
  }

  static StepState retrying(StepState s, String why) {
    return new StepState(
        s.name(),
        s.kind(),
        s.capability(),
        s.status(),
        s.attempts(),
        s.duplicateReplies(),
        s.agentId(),
        s.startedMillis(),
        0,
        null,
        why);
  }

  static StepState completed(
      StepState s, String answeredBy, Map<String, Object> result, long nowMillis) {
    return new StepState(
        s.name(),
        s.kind(),
        s.capability(),
        StepStatus.COMPLETED,
        s.attempts(),
        s.duplicateReplies(),
        answeredBy == null ? s.agentId() : answeredBy,
        s.startedMillis(),
        nowMillis,
        result,
        null);
  }

  static StepState ended(StepState s, StepStatus end, String why, long nowMillis) {
    return new StepState(
        s.name(),
        s.kind(),
        s.capability(),
        end,
        s.attempts(),
        s.duplicateReplies(),
        s.agentId(),
        s.startedMillis(),
        nowMillis,
        s.output(),
        why);
  }

  static StepState withStatus(StepState s, StepStatus next, String why) {
    return new StepState(
        s.name(),
        s.kind(),
        s.capability(),
        next,
        s.attempts(),
        s.duplicateReplies(),
        s.agentId(),
        s.startedMillis(),
        s.finishedMillis(),
        s.output(),
        why == null ? s.error() : why);
  }

  static StepState withDuplicates(StepState s, int duplicates) {
    return new StepState(
        s.name(),
        s.kind(),
        s.capability(),
        s.status(),
        s.attempts(),
        duplicates,
        s.agentId(),
        s.startedMillis(),
        s.finishedMillis(),
        s.output(),
        s.error());
  }
}
