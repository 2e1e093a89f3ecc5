package dev.chorus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;
import static org.awaitility.Awaitility.await;

import dev.chorus.pipeline.DispatchMode;
import dev.chorus.pipeline.PipelineRun;
import dev.chorus.pipeline.PipelineWorkflow;
import dev.chorus.protocol.Streams;
import io.lettuce.core.Range;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The agent registry on the real stack: leases, majors, pinning, no-agent policies and draining,
 * with every agent its own process. Each test uses its own capability, so tests do not see each
 * other's agents.
 */
@ChorusE2E
class RegistryIT {

  private final TestStack stack;
  private final Gateway gateway;
  private final StreamInspector streams;

  RegistryIT(TestStack stack) {
    this.stack = stack;
    this.gateway = new Gateway(stack.gatewayUrl);
    this.streams = new StreamInspector(stack.redis);
  }

  @Test
  void anAgentThatStopsHeartbeatingIsDroppedAndItsTaskGoesToAnother() throws Exception {
    String stream = Streams.tasks("test.expiry", 1);
    AgentProcess silent =
        agent("expiry-silent", "test.expiry", "1.0.0", "HOLD_FIRST_ATTEMPT", "true");
    String runId = gateway.start(TestPipelines.EXPIRY, Map.of("input", Map.of()));
    await("the first agent holds the task")
        .atMost(Duration.ofSeconds(30))
        .until(() -> streams.pendingFor(stream, Streams.AGENT_GROUP, silent.agentId) == 1);

    try (AgentProcess live = agent("expiry-live", "test.expiry", "1.0.0")) {
      silent.kill();
      await("the silent agent is dropped")
          .atMost(Duration.ofSeconds(20))
          .until(() -> gateway.agentState(silent.agentId) == null);
      Map<String, Object> run = gateway.awaitEnd(runId, Duration.ofSeconds(30));

      // Attempt 1 answered by the live agent: handed on by the registry, not dispatched again by
      // the run.
      assertThat(run.get("status")).isEqualTo("COMPLETED");
      assertThat(output(run))
          .containsEntry("answeredBy", "expiry-live")
          .containsEntry("attempt", 1);
      assertThat(streams.entriesOf(stream, runId)).hasSize(2);
      assertThat(streams.pendingFor(stream, Streams.AGENT_GROUP, silent.agentId)).isZero();
      assertThat(gateway.agentState(live.agentId)).isEqualTo("ready");
    }
  }

  @Test
  void eachMajorTakesOnlyItsOwnTasksAndARangeKeepsItsMajorAfterANewOneJoins() throws Exception {
    try (AgentProcess v1 = agent("versioned-v1", "test.versioned", "1.4.2")) {
      assertThat(output(runToEnd(TestPipelines.MAJOR_1))).containsEntry("answeredBy", v1.agentId);

      try (AgentProcess v2 = agent("versioned-v2", "test.versioned", "2.0.0")) {
        for (int i = 0; i < 3; i++) {
          assertThat(output(runToEnd(TestPipelines.MAJOR_1)))
              .containsEntry("answeredBy", v1.agentId)
              .containsEntry("version", "1.4.2");
          assertThat(output(runToEnd(TestPipelines.MAJOR_2)))
              .containsEntry("answeredBy", v2.agentId)
              .containsEntry("version", "2.0.0");
        }
        assertThat(gateway.capabilities())
            .filteredOn(c -> c.get("capability").equals("test.versioned"))
            .singleElement()
            .extracting(c -> c.get("majors"))
            .asInstanceOf(LIST)
            .extracting("major", "stream", "versions", "healthyAgents", "drainingAgents", "backlog")
            .containsExactly(
                tuple(
                    1,
                    "chorus:tasks:test.versioned:v1",
                    List.of("1.4.2"),
                    List.of(v1.agentId),
                    List.of(),
                    0),
                tuple(
                    2,
                    "chorus:tasks:test.versioned:v2",
                    List.of("2.0.0"),
                    List.of(v2.agentId),
                    List.of(),
                    0));
      }
    }
    assertThat(workflowIdsOn(Streams.tasks("test.versioned", 1)))
        .allMatch(id -> id.startsWith(TestPipelines.MAJOR_1))
        .hasSize(4);
    assertThat(workflowIdsOn(Streams.tasks("test.versioned", 2)))
        .allMatch(id -> id.startsWith(TestPipelines.MAJOR_2))
        .hasSize(3);
  }

  @Test
  void aStepKeepsTheVersionItFirstResolvedAcrossRetriesWhenANewerMajorJoins() throws Exception {
    try (AgentProcess v1 =
        agent("pinned-v1", "test.pinned", "1.0.0", "HOLD_FIRST_ATTEMPT", "true")) {
      String runId = gateway.start(TestPipelines.PINNED, Map.of("input", Map.of()));
      await("v1 holds the first dispatch")
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  streams.pendingFor(
                          Streams.tasks("test.pinned", 1), Streams.AGENT_GROUP, v1.agentId)
                      == 1);

      try (AgentProcess v2 = agent("pinned-v2", "test.pinned", "2.0.0")) {
        v1.send("release"); // attempt 1 fails retryably only now that v2 is registered
        Map<String, Object> run = gateway.awaitEnd(runId, Duration.ofSeconds(60));

        assertThat(output(run)).containsEntry("answeredBy", v1.agentId).containsEntry("attempt", 2);
        assertThat(streams.entriesOf(Streams.tasks("test.pinned", 1), runId)).hasSize(2);
        assertThat(streams.entriesOf(Streams.tasks("test.pinned", 2), runId)).isEmpty();
        // A new run resolves afresh and takes the highest version.
        assertThat(output(runToEnd(TestPipelines.PINNED))).containsEntry("answeredBy", v2.agentId);
      }
    }
  }

  @Test
  void aStepWithNoMatchingAgentFailsAtOnceNamingWhatIsRegistered() throws Exception {
    try (AgentProcess other = agent("absent-other", "test.absent", "2.0.0")) {
      Map<String, Object> run =
          gateway.awaitEnd(
              gateway.start(TestPipelines.ABSENT, Map.of("input", Map.of())),
              Duration.ofSeconds(30));

      assertThat(run.get("status")).isEqualTo("FAILED");
      assertThat((String) run.get("failure"))
          .contains(
              "step 'work' (test.absent): no healthy agent for test.absent >=1.2 <2 [region in (eu, us)]")
          .contains("registered for test.absent: test.absent 2.0.0 (absent-other, ready)");
    }
  }

  @Test
  void aStepThatWaitsForAnAgentSucceedsOnceOneJoins() throws Exception {
    // Dispatched as an activity, so its retries show as attempts of a pending activity. A local
    // activity (the default mode) retries with the same options, but inside the worker, out of
    // sight.
    String runId = "registry-late-" + java.util.UUID.randomUUID();
    WorkflowClient.start(
        stack.temporal.newWorkflowStub(
                PipelineWorkflow.class, stack.runOptions(runId, TestPipelines.LATE).build())
            ::run,
        PipelineRun.of(stack.pipeline(TestPipelines.LATE), Map.of())
            .dispatchingBy(DispatchMode.ACTIVITY));
    await("dispatch has found no agent and is backing off")
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              PendingActivityInfo pending = pendingDispatch(runId);
              return pending != null && pending.getAttempt() >= 2;
            });
    assertThat(pendingDispatch(runId).getLastFailure().getMessage())
        .contains("no agent is registered for test.late");

    try (AgentProcess late = agent("late-joiner", "test.late", "1.0.0")) {
      Map<String, Object> run = gateway.awaitEnd(runId, Duration.ofSeconds(60));

      assertThat(run.get("status")).isEqualTo("COMPLETED");
      assertThat(output(run)).containsEntry("answeredBy", late.agentId);
    }
  }

  @Test
  void aDrainingAgentReceivesNothingNew() throws Exception {
    try (AgentProcess draining = agent("drain-a", "test.drain", "1.0.0");
        AgentProcess ready = agent("drain-b", "test.drain", "1.0.1")) {
      draining.send("drain");
      // The agent stops reading before it marks its entry draining, so from then on it takes
      // nothing.
      await("the registry shows drain-a draining")
          .atMost(Duration.ofSeconds(30))
          .until(() -> "draining".equals(gateway.agentState(draining.agentId)));

      for (int i = 0; i < 4; i++) {
        assertThat(output(runToEnd(TestPipelines.DRAIN)))
            .containsEntry("answeredBy", ready.agentId);
      }
      ready.close();
      Map<String, Object> run =
          gateway.awaitEnd(
              gateway.start(TestPipelines.DRAIN, Map.of("input", Map.of())),
              Duration.ofSeconds(30));
      assertThat(run.get("status")).isEqualTo("FAILED");
      assertThat((String) run.get("failure")).contains("test.drain 1.0.0 (drain-a, draining)");
      assertThat(
              streams.pendingFor(
                  Streams.tasks("test.drain", 1), Streams.AGENT_GROUP, draining.agentId))
          .isZero();
    }
  }

  private AgentProcess agent(String id, String capability, String version, String... env)
      throws Exception {
    Map<String, String> settings =
        new HashMap<>(Map.of("AGENT_CAPABILITY", capability, "AGENT_VERSION", version));
    for (int i = 0; i + 1 < env.length; i += 2) {
      settings.put(env[i], env[i + 1]);
    }
    return stack.agents.start(id, capability, settings, VersionedAgent.class);
  }

  private Map<String, Object> runToEnd(String pipeline) throws Exception {
    Map<String, Object> run =
        gateway.awaitEnd(
            gateway.start(pipeline, Map.of("input", Map.of())), Duration.ofSeconds(30));
    assertThat(run.get("status"))
        .as("run of %s: %s", pipeline, run.get("failure"))
        .isEqualTo("COMPLETED");
    return run;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> output(Map<String, Object> run) {
    return ((Map<String, Map<String, Object>>) run.get("output")).get("work");
  }

  private List<String> workflowIdsOn(String stream) {
    return stack.redis.xrange(stream, Range.create("-", "+")).stream()
        .map(m -> m.getBody().get("workflowId"))
        .toList();
  }

  private PendingActivityInfo pendingDispatch(String runId) {
    var response =
        stack
            .temporal
            .getWorkflowServiceStubs()
            .blockingStub()
            .describeWorkflowExecution(
                DescribeWorkflowExecutionRequest.newBuilder()
                    .setNamespace(stack.temporal.getOptions().getNamespace())
                    .setExecution(WorkflowExecution.newBuilder().setWorkflowId(runId))
                    .build());
    // The run's event activities may be pending beside it, and done a moment later.
    return response.getPendingActivitiesList().stream()
        .filter(activity -> activity.getActivityType().getName().equals("Dispatch"))
        .findFirst()
        .orElse(null);
  }
}
