package dev.chorus.infra;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The metadata keys each KEDA scaler the manifests use reads (KEDA 2.17 and later, its scaler
 * documentation). KEDA ignores a key it does not read, so a misspelt {@code lagCount} would leave
 * the trigger on its default target without a word; no schema can say so, since the CRD declares
 * the metadata a free map of strings.
 */
final class TriggerMetadata {

  private static final List<String> REDIS_MEASURES =
      List.of("lagCount", "pendingEntriesCount", "streamLength");

  private static final Map<String, Set<String>> KEYS =
      Map.of(
          "redis-streams",
          Set.of(
              "address",
              "addressFromEnv",
              "host",
              "hostFromEnv",
              "port",
              "portFromEnv",
              "usernameFromEnv",
              "passwordFromEnv",
              "databaseIndex",
              "enableTLS",
              "unsafeSsl",
              "stream",
              "consumerGroup",
              "lagCount",
              "activationLagCount",
              "pendingEntriesCount",
              "streamLength"),
          "temporal",
          Set.of(
              "endpoint",
              "endpointFromEnv",
              "namespace",
              "taskQueue",
              "targetQueueSize",
              "activationTargetQueueSize",
              "queueTypes",
              "workerDeploymentName",
              "workerDeploymentBuildId",
              "includeRunningWorkflowCount",
              "workflowTaskQueueForCount",
              "minConnectTimeout",
              "unsafeSsl",
              "tlsServerName",
              "enableTLS"));

  private TriggerMetadata() {}

  /** What is wrong with the triggers' metadata of {@code scaledObject}; empty when nothing is. */
  static List<String> problems(JsonNode scaledObject) {
    List<String> problems = new ArrayList<>();
    String object = scaledObject.path("metadata").path("name").asString();
    for (JsonNode trigger : scaledObject.path("spec").path("triggers")) {
      String type = trigger.path("type").asString();
      String where = "ScaledObject " + object + ", trigger " + trigger.path("name").asString(type);
      Set<String> known = KEYS.get(type);
      if (known == null) {
        problems.add(where + ": scaler type '" + type + "' is not one these checks know");
        continue;
      }
      Collection<String> keys = trigger.path("metadata").propertyNames();
      for (String key : keys) {
        if (!known.contains(key)) {
          problems.add(where + ": '" + key + "' is not a metadata key of the " + type + " scaler");
        }
      }
      // The scaler measures one thing and silently prefers lag over the others: a trigger naming
      // two would not scale on the one its author meant.
      if (type.equals("redis-streams")
          && keys.stream().filter(REDIS_MEASURES::contains).count() != 1) {
        problems.add(where + ": exactly one of " + REDIS_MEASURES + " is wanted; one trigger each");
      }
    }
    return problems;
  }
}
