package dev.chorus.pipeline;

import java.util.List;

/**
 * A run as the state query shows it.
 *
 * @param version the definition version the run pinned
 * @param compensated steps undone after a failure or cancellation, in the order they were undone
 * @param compensationFailures {@code step: why} for each undo that failed
 * @param continuedAsNew how many times the run continued as new to keep its history short
 */
public record RunState(
    String pipeline,
    int version,
    RunStatus status,
    String currentStep,
    List<StepState> steps,
    List<String> compensated,
    List<String> compensationFailures,
    int continuedAsNew) {}
