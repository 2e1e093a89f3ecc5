package dev.chorus.protocol;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What an agent announces about itself, as the fields of its {@link RegistryKeys#agent(String,
 * String)} hash.
 *
 * @param agentId its consumer name in its capability's group
 * @param capability the capability served
 * @param version the semantic version of the implementation, e.g. {@code 2.1.0}
 * @param concurrency most tasks it works on at once
 * @param labels free-form facts about it, e.g. {@code gpu=true}, {@code region=eu}
 * @param draining true once it finishes what it has and takes nothing new
 */
public record AgentRegistration(
    String agentId,
    String capability,
    String version,
    int concurrency,
    Map<String, String> labels,
    boolean draining) {

  // Semantic versioning 2.0.0, section 2 and 9-10: MAJOR.MINOR.PATCH[-pre][+build].
  private static final Pattern SEMVER =
      Pattern.compile(
          "(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(-[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?(\\+[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?");
  private static final Pattern LABEL_PART = Pattern.compile("[A-Za-z0-9_.-]+");

  public AgentRegistration {
    if (agentId == null || agentId.isBlank()) {
      throw new IllegalArgumentException("an agent needs an id");
    }
    Capabilities.requireValidName(capability);
    if (version == null || !SEMVER.matcher(version).matches()) {
      throw new IllegalArgumentException(
          "version '"
              + version
              + "' of agent "
              + agentId
              + " is not a semantic version like 1.2.0");
    }
    if (concurrency < 1) {
      throw new IllegalArgumentException(
          "concurrency of agent " + agentId + " must be at least 1, was " + concurrency);
    }
    labels.forEach(
        (key, value) -> {
          if (!LABEL_PART.matcher(key).matches() || !LABEL_PART.matcher(value).matches()) {
            throw new IllegalArgumentException(
                "label "
                    + key
                    + "="
                    + value
                    + " of agent "
                    + agentId
                    + " must be letters, digits, '_', '.' or '-' on both sides of '='");
          }
        });
    labels = Map.copyOf(labels);
  }

  /** The major version: the number of the task stream this agent reads. */
  public int major() {
    return Integer.parseInt(version.substring(0, version.indexOf('.')));
  }

  public AgentRegistration drain() {
    return new AgentRegistration(agentId, capability, version, concurrency, labels, true);
  }

  public Map<String, String> toFields() {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("v", Protocol.VERSION);
    fields.put("capability", capability);
    fields.put("version", version);
    fields.put("concurrency", Integer.toString(concurrency));
    fields.put("labels", formatLabels(labels));
    fields.put("state", draining ? "draining" : "ready");
    return fields;
  }

  /** The whole hash of the agent's registry key: its fields and its lease expiry. */
  public Map<String, String> toEntry(long leaseExpiresMillis) {
    Map<String, String> fields = toFields();
    fields.put(RegistryKeys.LEASE_FIELD, Long.toString(leaseExpiresMillis));
    return fields;
  }

  /** The agent's registry key, {@code chorus:agent:<capability>:<agentId>}. */
  public String key() {
    return RegistryKeys.agent(capability, agentId);
  }

  /**
   * Reads an agent's hash, throwing {@link MalformedEnvelopeException} that lists every bad field.
   */
  public static AgentRegistration fromFields(String agentId, Map<String, String> fields) {
    FieldChecks f = new FieldChecks("registration of " + agentId, fields);
    String state = f.required("state");
    f.check(
        state == null || state.equals("ready") || state.equals("draining"),
        "field 'state' must be 'ready' or 'draining' but was '" + state + "'");
    String capability = f.required("capability");
    String version = f.required("version");
    int concurrency = f.requiredInt("concurrency");
    Map<String, String> labels = parseLabels(f.optional("labels"), f);
    f.done();
    try {
      return new AgentRegistration(
          agentId, capability, version, concurrency, labels, "draining".equals(state));
    } catch (IllegalArgumentException e) {
      throw new MalformedEnvelopeException(
          "malformed registration of " + agentId + ": " + e.getMessage());
    }
  }

  /** Labels as {@code key=value} pairs joined by commas, sorted by key. */
  public static String formatLabels(Map<String, String> labels) {
    StringBuilder text = new StringBuilder();
    new TreeMap<>(labels)
        .forEach(
            (key, value) ->
                text.append(text.isEmpty() ? "" : ",").append(key).append('=').append(value));
    return text.toString();
  }

  /** The inverse of {@link #formatLabels}; blanks around keys and values are ignored. */
  public static Map<String, String> parseLabels(String text) {
    FieldChecks f = new FieldChecks("labels", Map.of("v", Protocol.VERSION));
    Map<String, String> labels = parseLabels(text, f);
    f.done();
    return labels;
  }

  private static Map<String, String> parseLabels(String text, FieldChecks f) {
    Map<String, String> labels = new TreeMap<>();
    if (text == null || text.isBlank()) {
      return labels;
    }
    for (String pair : text.split(",")) {
      int eq = pair.indexOf('=');
      f.check(eq > 0, "label '" + pair.trim() + "' must be key=value");
      if (eq > 0) {
        labels.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
      }
    }
    return labels;
  }
}
