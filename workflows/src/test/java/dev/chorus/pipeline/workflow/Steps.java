package dev.chorus.pipeline.workflow;

import dev.chorus.pipeline.model.AgentStep;
import dev.chorus.pipeline.model.Branch;
import dev.chorus.pipeline.model.ChildPipelineStep;
import dev.chorus.pipeline.model.ForEachStep;
import dev.chorus.pipeline.model.OnError;
import dev.chorus.pipeline.model.ParallelStep;
import dev.chorus.pipeline.model.PipelineDefinition;
import dev.chorus.pipeline.model.RetryPolicy;
import dev.chorus.pipeline.model.Step;
import dev.chorus.pipeline.model.SwitchCase;
import dev.chorus.pipeline.model.SwitchStep;
import dev.chorus.pipeline.model.WaitStep;
import java.util.List;
import java.util.Map;

/** Definitions for workflow tests, built the way the parser builds them. */
final class Steps {

  static final RetryPolicy FAST = new RetryPolicy("1s", 2.0, "10s", 3, null);

  private Steps() {}

  static PipelineDefinition pipeline(String name, Step... steps) {
    return new PipelineDefinition(name, 1, null, List.of(steps));
  }

  static AgentStep agent(String name, String capability) {
    return new AgentStep(
        name, capability, null, null, null, FAST, "5s", null, null, null, null, null, null);
  }

  static AgentStep agent(String name, String capability, Map<String, String> input) {
    return new AgentStep(
        name, capability, null, null, input, FAST, "5s", null, null, null, null, null, null);
  }

  static AgentStep compensated(String name, String capability, String undo) {
    return new AgentStep(
        name, capability, null, null, null, FAST, "5s", null, null, undo, null, null, null);
  }

  static AgentStep withRetry(
      String name, String capability, RetryPolicy retry, String timeout, String total) {
    return new AgentStep(
        name, capability, null, null, null, retry, timeout, total, null, null, null, null, null);
  }

  static AgentStep withFallback(String name, String capability, String fallback) {
    return new AgentStep(
        name, capability, null, null, null, FAST, "5s", null, fallback, null, null, null, null);
  }

  static AgentStep onError(String name, String capability, OnError onError) {
    return new AgentStep(
        name,
        capability,
        null,
        null,
        null,
        new RetryPolicy("1s", 2.0, "10s", 1, null),
        "5s",
        null,
        null,
        null,
        onError,
        null,
        null);
  }

  static ParallelStep parallel(String name, String join, Integer count, Branch... branches) {
    return new ParallelStep(name, List.of(branches), join, count, null);
  }

  static Branch branch(String name, Step... steps) {
    return new Branch(name, List.of(steps));
  }

  static SwitchStep choose(String name, List<SwitchCase> cases, List<Step> otherwise) {
    return new SwitchStep(name, cases, otherwise, null);
  }

  static ForEachStep forEach(String name, String items, int concurrency, Step... steps) {
    return new ForEachStep(name, items, concurrency, List.of(steps), null);
  }

  static WaitStep waitFor(String name, String signal, String timeout, String onTimeout) {
    return new WaitStep(name, signal, timeout, onTimeout, null);
  }

  static ChildPipelineStep child(String name, String pipeline) {
    return new ChildPipelineStep(name, pipeline, null, null, null);
  }
}
