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
    String error) {}
