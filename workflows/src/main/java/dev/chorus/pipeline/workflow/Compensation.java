package dev.chorus.pipeline.workflow;

import java.util.Map;

/**
 * A completed (or dispatched and then cancelled) call that can be undone.
 *
 * @param input what the compensating agent receives: {@code {input: <the call's input>, output:
 *     <its output>}}, and the undone call's {@code taskId} in runs that record it
 * @param pipeline the library reference of the pinned pipeline whose step it undoes, for the steps
 *     of a completed child; null for this run's own steps
 */
record Compensation(AgentCallOptions options, Map<String, Object> input, String pipeline) {}
