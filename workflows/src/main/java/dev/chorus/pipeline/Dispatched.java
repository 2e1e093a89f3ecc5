package dev.chorus.pipeline;

/**
 * Where a dispatch went.
 *
 * @param entryId the task's entry id on its stream
 * @param version the capability version it was routed to; the step keeps it for every re-dispatch
 * @param stream the task stream of that version's major
 */
public record Dispatched(String entryId, String version, String stream) {}
