package dev.chorus.pipeline;

import java.util.List;

/** A run as the state query shows it. */
public record RunState(String pipeline, RunStatus status, String currentStep, List<StepState> steps) {}
