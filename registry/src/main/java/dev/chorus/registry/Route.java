package dev.chorus.registry;

/**
 * Where a step goes.
 *
 * @param version the version resolved for the step, kept by the run for every re-dispatch
 * @param stream the task stream of that version's major
 */
public record Route(String version, String stream) {}
