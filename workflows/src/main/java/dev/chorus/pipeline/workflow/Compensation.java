package dev.chorus.pipeline.workflow;

import java.util.Map;

/**
 * A completed call that can be undone.
 *
 * @param input what the compensating agent receives: {@code {input: <the call's input>, output:
 *     <its output>}}
 */
record Compensation(AgentCallOptions options, Map<String, Object> input) {}
