package dev.chorus.pipeline.workflow;

import static dev.chorus.pipeline.workflow.Steps.agent;
import static dev.chorus.pipeline.workflow.Steps.branch;
import static dev.chorus.pipeline.workflow.Steps.child;
import static dev.chorus.pipeline.workflow.Steps.choose;
import static dev.chorus.pipeline.workflow.Steps.forEach;
import static dev.chorus.pipeline.workflow.Steps.parallel;
import static dev.chorus.pipeline.workflow.Steps.pipeline;
import static dev.chorus.pipeline.workflow.Steps.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.pipeline.PipelineResult;
import dev.chorus.pipeline.PipelineRun;
import dev.chorus.pipeline.PipelineWorkflow;
import dev.chorus.pipeline.RunState;
import dev.chorus.pipeline.StepState;
import dev.chorus.pipeline.StepStatus;
import dev.chorus.pipeline.model.PipelineDefinition;
import dev.chorus.pipeline.model.SwitchCase;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every step kind on the time-skipping test server. */
class StepKindsTest extends WorkflowTestSupport {

  @Test
  void anAgentStepGetsTheInputItsMappingBuilds() {
    PipelineDefinition definition =
        pipeline(
            "mapping",
            agent("first", "a"),
            agent(
                "second",
                "b",
                Map.of(
                    "text",
                    "input.text + '!'",
                    "from",
                    "steps.first.output.step",
                    "n",
                    "size(input.text)")));
    ScriptedAgents agents = start(new ScriptedAgents(client, ScriptedAgents.echo()));

    newRun("mapping").run(PipelineRun.of(definition, Map.of("text", "hi")));

    assertThat(agents.dispatched.get(1).input())
        .isEqualTo(Map.of("text", "hi!", "from", "first", "n", 2));
  }

  @Test
  void parallelBranchesJoinWhenAllFinish() {
    PipelineDefinition definition =
        pipeline(
            "fan-out",
            parallel(
                "fan",
                "all",
                null,
                branch("left", agent("l1", "a"), agent("l2", "b")),
                branch("right", agent("r1", "c"))),
            agent(
                "after",
                "d",
                Map.of("left", "steps.fan.output.left.step", "right", "steps.r1.output.step")));
    ScriptedAgents agents = start(new ScriptedAgents(client, ScriptedAgents.echo()));
    PipelineWorkflow run = newRun("parallel-all");

    PipelineResult result = run.run(PipelineRun.of(definition, Map.of()));

    assertThat(result.outputs().get("fan")).containsOnlyKeys("left", "right");
    assertThat(agents.dispatched.get(agents.dispatched.size() - 1).input())
        .isEqualTo(Map.of("left", "l2", "right", "r1"));
    assertThat(stepNamed(run.state(), "fan").status()).isEqualTo(StepStatus.COMPLETED);
  }

  @Test
  void parallelJoinAnyCancelsTheSlowerBranches() {
    PipelineDefinition definition =
        pipeline(
            "race",
            parallel(
                "race",
                "any",
                null,
                branch("slow", agent("slow", "slow")),
                branch("fast", agent("fast", "fast"))));
    start(
        new ScriptedAgents(client, ScriptedAgents.echo()).always("slow", ScriptedAgents.silence()));
    PipelineWorkflow run = newRun("parallel-any");

    PipelineResult result = run.run(PipelineRun.of(definition, Map.of()));

    assertThat(result.outputs().get("race")).containsOnlyKeys("fast");
    assertThat(stepNamed(run.state(), "slow").status()).isEqualTo(StepStatus.CANCELLED);
  }

  @Test
  void parallelJoinNOfMCompletesWhenEnoughBranchesDo() {
    PipelineDefinition definition =
        pipeline(
            "quorum",
            parallel(
                "votes",
                "n",
                2,
                branch("a", agent("va", "vote")),
                branch("b", agent("vb", "vote")),
                branch("c", agent("vc", "vote"))));
    start(new ScriptedAgents(client, ScriptedAgents.echo()).always("vb", ScriptedAgents.silence()));
    PipelineWorkflow run = newRun("parallel-n");

    PipelineResult result = run.run(PipelineRun.of(definition, Map.of()));

    assertThat(result.outputs().get("votes")).containsOnlyKeys("a", "c");
  }

  @Test
  void switchRunsTheFirstMatchingCaseAndSkipsTheOthers() {
    PipelineDefinition definition =
        pipeline(
            "route",
            choose(
                "route",
                List.of(
                    new SwitchCase("input.score > 0.8", List.of(agent("high", "h"))),
                    new SwitchCase("input.score > 0.3", List.of(agent("medium", "m")))),
                List.of(agent("low", "l"))));
    ScriptedAgents agents = start(new ScriptedAgents(client, ScriptedAgents.echo()));
    PipelineWorkflow run = newRun("switch");

    PipelineResult result = run.run(PipelineRun.of(definition, Map.of("score", 0.5)));

    assertThat(agents.steps()).containsExactly("medium");
    assertThat(result.outputs().get("route")).containsEntry("case", 1);
    RunState state = run.state();
    assertThat(stepNamed(state, "high").status()).isEqualTo(StepStatus.SKIPPED);
    assertThat(stepNamed(state, "low").status()).isEqualTo(StepStatus.SKIPPED);
  }

  @Test
  void aSwitchInsideAForEachSkipsTheUntakenCaseOfEachItem() {
    PipelineDefinition definition =
        pipeline(
            "each-switch",
            forEach(
                "f",
                "input.scores",
                2,
                choose(
                    "s",
                    List.of(new SwitchCase("item > 0.5", List.of(agent("w", "high")))),
                    List.of(agent("l", "low")))));
    ScriptedAgents agents = start(new ScriptedAgents(client, ScriptedAgents.echo()));
    PipelineWorkflow run = newRun("for-each-switch");

    run.run(PipelineRun.of(definition, Map.of("scores", List.of(0.9, 0.1))));

    assertThat(agents.steps()).containsExactlyInAnyOrder("f[0]/w", "f[1]/l");
    RunState state = run.state();
    assertThat(stepNamed(state, "f[0]/l").status()).isEqualTo(StepStatus.SKIPPED);
    assertThat(stepNamed(state, "f[1]/w").status()).isEqualTo(StepStatus.SKIPPED);
    assertThat(stepNamed(state, "f[1]/w").capability()).isEqualTo("high");
  }

  @Test
  void forEachRunsItsStepsForEveryItemAndKeepsItemOrder() {
    PipelineDefinition definition =
        pipeline(
            "each",
            forEach(
                "pages",
                "input.urls",
                2,
                agent("fetch", "web.fetch", Map.of("url", "item", "position", "index"))));
    ScriptedAgents agents = start(new ScriptedAgents(client, ScriptedAgents.echo()));
    PipelineWorkflow run = newRun("for-each");

    PipelineResult result =
        run.run(PipelineRun.of(definition, Map.of("urls", List.of("u0", "u1", "u2"))));

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> results =
        (List<Map<String, Object>>) result.outputs().get("pages").get("results");
    assertThat(results)
        .extracting(r -> r.get("seen"))
        .containsExactly(
            Map.of("url", "u0", "position", 0),
            Map.of("url", "u1", "position", 1),
            Map.of("url", "u2", "position", 2));
    assertThat(agents.steps())
        .containsExactlyInAnyOrder("pages[0]/fetch", "pages[1]/fetch", "pages[2]/fetch");
    assertThat(stepNamed(run.state(), "pages[2]/fetch").status()).isEqualTo(StepStatus.COMPLETED);
  }

  @Test
  void aWaitStepTakesTheSignalsPayloadAsItsOutput() {
    PipelineDefinition definition =
        pipeline(
            "approval",
            waitFor("approval", "approve", "24h", "fail"),
            choose(
                "decide",
                List.of(
                    new SwitchCase(
                        "steps.approval.output.approved == true", List.of(agent("ship", "ship")))),
                List.of()));
    ScriptedAgents agents = start(new ScriptedAgents(client, ScriptedAgents.echo()));
    PipelineWorkflow run = newRun("wait-signalled");
    WorkflowClient.start(run::run, PipelineRun.of(definition, Map.of()));

    env.sleep(Duration.ofHours(1));
    assertThat(stepNamed(run.state(), "approval").status()).isEqualTo(StepStatus.WAITING);
    WorkflowStub.fromTyped(run).signal("approve", Map.of("approved", true, "by", "ada"));
    PipelineResult result = WorkflowStub.fromTyped(run).getResult(PipelineResult.class);

    assertThat(result.outputs().get("approval")).isEqualTo(Map.of("approved", true, "by", "ada"));
    assertThat(agents.steps()).containsExactly("ship");
  }

  @Test
  void aWaitStepThatExpiresContinuesOrFailsAsItSays() {
    PipelineDefinition lenient =
        pipeline("lenient", waitFor("approval", "approve", "1h", "continue"));
    PipelineDefinition strict = pipeline("strict", waitFor("approval", "approve", "1h", "fail"));
    start(new ScriptedAgents(client, ScriptedAgents.echo()));

    PipelineResult result = newRun("wait-expired").run(PipelineRun.of(lenient, Map.of()));
    assertThat(result.outputs().get("approval")).isEqualTo(Map.of("timedOut", true));

    PipelineWorkflow run = newRun("wait-expired-fails");
    assertThatThrownBy(() -> run.run(PipelineRun.of(strict, Map.of())))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .hasMessageContaining("no signal 'approve' within 1h");
  }

  @Test
  void aPipelineStepRunsItsPinnedChildAndTakesItsOutputs() {
    PipelineDefinition inner = pipeline("inner", agent("work", "w"));
    PipelineDefinition outer =
        pipeline(
            "outer",
            child("sub", "inner"),
            agent("after", "a", Map.of("from", "steps.sub.output.work.step")));
    ScriptedAgents agents = start(new ScriptedAgents(client, ScriptedAgents.echo()));

    PipelineResult result =
        newRun("child-ok").run(PipelineRun.of(outer, Map.of(), Map.of("inner", inner)));

    assertThat(result.outputs().get("sub")).containsKey("work");
    assertThat(agents.dispatched)
        .filteredOn(t -> t.step().equals("work"))
        .singleElement()
        .satisfies(t -> assertThat(t.workflowId()).isEqualTo("child-ok/sub"));
    assertThat(agents.dispatched.get(1).input()).isEqualTo(Map.of("from", "work"));
  }

  @Test
  void aChildPipelineThatFailsFailsItsStep() {
    PipelineDefinition inner = pipeline("inner", agent("work", "w"));
    PipelineDefinition outer = pipeline("outer", child("sub", "inner"), agent("after", "a"));
    ScriptedAgents agents =
        start(
            new ScriptedAgents(client, ScriptedAgents.echo())
                .always("work", ScriptedAgents.error("broken", false)));
    PipelineWorkflow run = newRun("child-fails");

    assertThatThrownBy(() -> run.run(PipelineRun.of(outer, Map.of(), Map.of("inner", inner))))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .hasMessageContaining("child pipeline child-fails/sub failed")
        .hasMessageContaining("agent agent-w failed it: broken");
    assertThat(stepNamed(run.state(), "sub").status()).isEqualTo(StepStatus.FAILED);
    assertThat(agents.steps()).doesNotContain("after");
  }

  @Test
  void aLongRunContinuesAsNewAndKeepsItsState() {
    PipelineDefinition definition =
        pipeline(
            "long",
            agent("s1", "a"),
            agent("s2", "a"),
            agent("s3", "a"),
            agent("s4", "a"),
            agent("s5", "a"),
            agent("s6", "a", Map.of("first", "steps.s1.output.step")));
    ScriptedAgents agents = start(new ScriptedAgents(client, ScriptedAgents.echo()));
    PipelineWorkflow run = newRun("continue-as-new");

    PipelineResult result = run.run(new PipelineRun(definition, Map.of(), Map.of(), 20, null));

    assertThat(result.outputs()).containsOnlyKeys("s1", "s2", "s3", "s4", "s5", "s6");
    assertThat(agents.dispatched.get(5).input()).isEqualTo(Map.of("first", "s1"));
    RunState state = run.state();
    assertThat(state.continuedAsNew()).isGreaterThan(0);
    assertThat(state.steps()).extracting(StepState::status).containsOnly(StepStatus.COMPLETED);
  }

  @Test
  void aLongForEachContinuesAsNewBetweenItemsWithoutRepeatingAny() {
    PipelineDefinition definition =
        pipeline(
            "long-each",
            forEach("pages", "input.urls", 1, agent("fetch", "web.fetch", Map.of("url", "item"))),
            agent("after", "a", Map.of("count", "size(steps.pages.output.results)")));
    ScriptedAgents agents = start(new ScriptedAgents(client, ScriptedAgents.echo()));
    PipelineWorkflow run = newRun("continue-as-new-for-each");
    List<String> urls = List.of("u0", "u1", "u2", "u3", "u4", "u5", "u6", "u7");

    PipelineResult result =
        run.run(new PipelineRun(definition, Map.of("urls", urls), Map.of(), 25, null));

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> results =
        (List<Map<String, Object>>) result.outputs().get("pages").get("results");
    assertThat(results)
        .extracting(r -> (Object) ((Map<?, ?>) r.get("seen")).get("url"))
        .containsExactlyElementsOf(List.copyOf(urls));
    assertThat(agents.steps())
        .filteredOn(s -> s.endsWith("/fetch"))
        .hasSize(8)
        .doesNotHaveDuplicates();
    assertThat(agents.dispatched.get(agents.dispatched.size() - 1).input())
        .isEqualTo(Map.of("count", 8));
    // More than one continuation: a boundary between top-level steps alone could give only one.
    assertThat(run.state().continuedAsNew()).isGreaterThan(1);
  }
}
