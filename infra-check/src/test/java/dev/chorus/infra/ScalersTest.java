package dev.chorus.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.pipeline.TaskQueues;
import dev.chorus.pipeline.model.Durations;
import dev.chorus.protocol.Streams;
import dev.chorus.stack.Tools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The scalers name what Chorus really uses (stream, group, task queue), sign in with a
 * TriggerAuthentication that exists, target a workload that exists, and let a pod drain before it
 * is killed.
 */
class ScalersTest {

  private static final InfraTree TREE = InfraTree.locate();
  private static final Pattern TASK_STREAM = Pattern.compile("chorus:tasks:(.+):v(\\d+)");
  private static final Pattern STEP_TIMEOUT = Pattern.compile("^\\s*timeout:\\s*(\\S+)\\s*$");

  @Test
  void everyTriggersMetadataIsWhatItsScalerReads() {
    assertThat(scaledObjects().flatMap(object -> TriggerMetadata.problems(object).stream()))
        .isEmpty();
  }

  @Test
  void redisTriggersReadATaskStreamInTheAgentsGroupWithTheScalersCredentials() {
    Set<String> authentications = names("TriggerAuthentication");
    List<JsonNode> triggers = triggers("redis-streams").toList();
    assertThat(triggers).isNotEmpty();
    for (JsonNode trigger : triggers) {
      String stream = trigger.path("metadata").path("stream").asString();
      Matcher matcher = TASK_STREAM.matcher(stream);
      assertThat(matcher.matches()).as("task stream: %s", stream).isTrue();
      assertThat(Streams.tasks(matcher.group(1), Integer.parseInt(matcher.group(2))))
          .isEqualTo(stream);
      assertThat(trigger.path("metadata").path("consumerGroup").asString())
          .as(stream)
          .isEqualTo(Streams.AGENT_GROUP);
      assertThat(authentications)
          .as("the TriggerAuthentication of the trigger on %s", stream)
          .contains(trigger.path("authenticationRef").path("name").asString());
    }
  }

  @Test
  void theWorkerPoolScalesOnThePipelinesTaskQueueAndKeepsAWorker() {
    List<JsonNode> workers =
        scaledObjects()
            .filter(
                object ->
                    object
                        .path("spec")
                        .path("triggers")
                        .valueStream()
                        .anyMatch(trigger -> trigger.path("type").asString().equals("temporal")))
            .toList();
    assertThat(workers).hasSize(1);
    JsonNode worker = workers.get(0);
    assertThat(worker.path("spec").path("minReplicaCount").asInt()).isEqualTo(1);
    assertThat(triggers("temporal"))
        .extracting(trigger -> trigger.path("metadata").path("taskQueue").asString())
        .containsOnly(TaskQueues.PIPELINES);
  }

  /**
   * A step is dispatched only to a capability with a ready agent registered, so a pull agent scaled
   * to zero would never see the backlog that should wake it.
   */
  @Test
  void everyScaledObjectKeepsOneReplicaAndTargetsAWorkloadOfTheManifests() {
    Set<String> workloads =
        TREE.resources().stream()
            .filter(r -> r.kind().equals("Deployment") || r.kind().equals("StatefulSet"))
            .map(r -> r.kind() + "/" + r.name())
            .collect(Collectors.toSet());
    scaledObjects()
        .forEach(
            object -> {
              JsonNode spec = object.path("spec");
              String target =
                  spec.path("scaleTargetRef").path("kind").asString("Deployment")
                      + "/"
                      + spec.path("scaleTargetRef").path("name").asString();
              assertThat(workloads).as("scale target").contains(target);
              assertThat(spec.path("minReplicaCount").asInt(0))
                  .as(target)
                  .isGreaterThanOrEqualTo(1);
            });
  }

  /**
   * An agent holds at most its concurrency in tasks, so the pending target is what one replica
   * holds when busy; a Knative Service's hard limit is likewise the agent's slots, so the
   * queue-proxy holds what the agent would refuse.
   */
  @Test
  void everyConcurrencyTargetIsTheAgentsConcurrency() {
    Map<String, JsonNode> workloads =
        TREE.resources().stream()
            .filter(r -> r.kind().equals("StatefulSet") || r.kind().equals("Deployment"))
            .collect(Collectors.toMap(r -> r.kind() + "/" + r.name(), InfraTree.Resource::node));
    List<JsonNode> pendingTriggers = new ArrayList<>();
    scaledObjects()
        .forEach(
            object -> {
              JsonNode ref = object.path("spec").path("scaleTargetRef");
              JsonNode workload =
                  workloads.get(
                      ref.path("kind").asString("Deployment") + "/" + ref.path("name").asString());
              object
                  .path("spec")
                  .path("triggers")
                  .valueStream()
                  .filter(trigger -> trigger.path("metadata").has("pendingEntriesCount"))
                  .forEach(
                      trigger -> {
                        pendingTriggers.add(trigger);
                        assertThat(trigger.path("metadata").path("pendingEntriesCount").asString())
                            .as("pendingEntriesCount of %s", object.path("metadata").path("name"))
                            .isEqualTo(concurrency(workload.path("spec").path("template")));
                      });
            });
    assertThat(pendingTriggers).isNotEmpty();

    List<InfraTree.Resource> agentServices =
        TREE.resources().stream()
            .filter(
                r ->
                    r.kind().equals("Service")
                        && r.node()
                            .path("apiVersion")
                            .asString()
                            .startsWith("serving.knative.dev/"))
            .filter(r -> !concurrency(r.node().path("spec").path("template")).isEmpty())
            .toList();
    assertThat(agentServices).isNotEmpty();
    for (InfraTree.Resource service : agentServices) {
      JsonNode template = service.node().path("spec").path("template");
      assertThat(template.path("spec").path("containerConcurrency").asString())
          .as("containerConcurrency of %s", service.name())
          .isEqualTo(concurrency(template));
    }
  }

  @Test
  void everyPodMayFinishItsLongestStepBeforeItIsKilled() throws IOException {
    Duration longestStep = longestStepTimeout();
    List<InfraTree.Resource> workloads =
        TREE.resources().stream()
            .filter(r -> r.kind().equals("Deployment") || r.kind().equals("StatefulSet"))
            .toList();
    assertThat(workloads).isNotEmpty();
    for (InfraTree.Resource workload : workloads) {
      long grace =
          workload
              .node()
              .path("spec")
              .path("template")
              .path("spec")
              .path("terminationGracePeriodSeconds")
              .asLong(30);
      assertThat(Duration.ofSeconds(grace))
          .as("terminationGracePeriodSeconds of %s %s", workload.kind(), workload.name())
          .isGreaterThan(longestStep);
      // An agent waits its drain timeout for the tasks in hand, so that must fit in between.
      String drainTimeout =
          env(workload.node().path("spec").path("template"), "CHORUS_AGENT_DRAIN_TIMEOUT");
      if (!drainTimeout.isEmpty()) {
        assertThat(Durations.parse(drainTimeout))
            .as("CHORUS_AGENT_DRAIN_TIMEOUT of %s", workload.name())
            .isGreaterThan(longestStep)
            .isLessThan(Duration.ofSeconds(grace));
      }
    }
  }

  /** The {@code CHORUS_AGENT_CONCURRENCY} a pod template sets, empty when it sets none. */
  private static String concurrency(JsonNode template) {
    return env(template, "CHORUS_AGENT_CONCURRENCY");
  }

  /** The value a pod template gives the environment variable {@code name}, empty when none. */
  private static String env(JsonNode template, String name) {
    for (JsonNode container : template.path("spec").path("containers")) {
      for (JsonNode env : container.path("env")) {
        if (env.path("name").asString().equals(name)) {
          return env.path("value").asString();
        }
      }
    }
    return "";
  }

  /** The longest step timeout of the pipelines shipped with the application. */
  private static Duration longestStepTimeout() throws IOException {
    Path pipelines = Tools.locate().checkout().resolve("app/src/main/resources/pipelines");
    Duration longest = Duration.ZERO;
    try (Stream<Path> files = Files.list(pipelines)) {
      for (Path file : files.toList()) {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          Matcher matcher = STEP_TIMEOUT.matcher(line);
          if (matcher.matches()) {
            Duration timeout = Durations.parse(matcher.group(1));
            longest = timeout.compareTo(longest) > 0 ? timeout : longest;
          }
        }
      }
    }
    assertThat(longest).as("a step timeout in %s", pipelines).isPositive();
    return longest;
  }

  private static Stream<JsonNode> scaledObjects() {
    return TREE.resources().stream()
        .filter(r -> r.kind().equals("ScaledObject"))
        .map(InfraTree.Resource::node);
  }

  private static Stream<JsonNode> triggers(String type) {
    return scaledObjects()
        .flatMap(object -> object.path("spec").path("triggers").valueStream())
        .filter(trigger -> trigger.path("type").asString().equals(type));
  }

  private static Set<String> names(String kind) {
    return TREE.resources().stream()
        .filter(r -> r.kind().equals(kind))
        .map(InfraTree.Resource::name)
        .collect(Collectors.toSet());
  }
}
