package dev.chorus.bench;

import dev.chorus.pipeline.DispatchMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Settings a variant runs with, by name. The bridge settings are the product's own {@code
 * chorus.bridge.*} and {@code chorus.dispatch.mode}; the worker settings are Temporal's.
 *
 * <ul>
 *   <li>{@code temporal}: Temporal frontend, so two stores can be compared in one run
 *   <li>{@code dispatch}: {@code local} or {@code activity} (bridge path)
 *   <li>{@code read-batch}, {@code signal-concurrency}: the bridge's reply reading and signalling
 *   <li>{@code agent-concurrency}: tasks the no-op agent holds at once
 *   <li>{@code cache-size}: workflows kept in the worker's sticky cache
 *   <li>{@code workflow-threads}: the worker's workflow threads; a cached workflow holds one, so
 *       the cache holds at most this many
 *   <li>{@code pollers}: workflow and activity task pollers each; {@code autoscale} lets the SDK
 *       scale them between 1 and that number
 *   <li>{@code slots}: workflow and activity tasks executed at once
 *   <li>{@code virtual-threads}: workflow and activity threads as virtual threads (Java 21+)
 *   <li>{@code eager}: eager workflow start (first workflow task handed back with the start call)
 * </ul>
 */
record Tuning(Map<String, String> settings) {

  private static final Map<String, String> DEFAULTS = defaults();
  private static final List<String> BOOLEANS = List.of("autoscale", "virtual-threads", "eager");

  Tuning {
    settings = Map.copyOf(settings);
    for (Map.Entry<String, String> e : settings.entrySet()) {
      check(e.getKey(), e.getValue());
    }
  }

  static Tuning defaults(String temporalAddress) {
    Map<String, String> settings = new LinkedHashMap<>(DEFAULTS);
    settings.put("temporal", temporalAddress);
    return new Tuning(settings);
  }

  /**
   * This tuning with the given settings replaced; unknown keys and bad values are refused by name.
   */
  Tuning with(Map<String, String> overrides) {
    Map<String, String> merged = new TreeMap<>(settings);
    merged.putAll(overrides);
    return new Tuning(merged);
  }

  String temporalAddress() {
    return settings.get("temporal");
  }

  DispatchMode dispatch() {
    return settings.get("dispatch").equals("local")
        ? DispatchMode.LOCAL_ACTIVITY
        : DispatchMode.ACTIVITY;
  }

  int number(String key) {
    return Integer.parseInt(settings.get(key));
  }

  boolean flag(String key) {
    return Boolean.parseBoolean(settings.get(key));
  }

  private static Map<String, String> defaults() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("temporal", "127.0.0.1:7233");
    d.put("dispatch", "local");
    d.put("read-batch", "64");
    d.put("signal-concurrency", "16");
    d.put("agent-concurrency", "64");
    d.put("cache-size", "600");
    d.put("workflow-threads", "600");
    d.put("pollers", "5");
    d.put("autoscale", "false");
    d.put("slots", "200");
    d.put("virtual-threads", "false");
    d.put("eager", "false");
    return d;
  }

  private static void check(String key, String value) {
    if (!DEFAULTS.containsKey(key)) {
      throw new IllegalArgumentException(
          "unknown setting '" + key + "'; known: " + String.join(", ", DEFAULTS.keySet()));
    }
    if (BOOLEANS.contains(key) && !value.equals("true") && !value.equals("false")) {
      throw new IllegalArgumentException(
          "setting '" + key + "' needs true or false, was '" + value + "'");
    }
    if (key.equals("dispatch") && !value.equals("local") && !value.equals("activity")) {
      throw new IllegalArgumentException(
          "setting 'dispatch' needs local or activity, was '" + value + "'");
    }
    if (!BOOLEANS.contains(key)
        && !key.equals("dispatch")
        && !key.equals("temporal")
        && !value.matches("[1-9][0-9]{0,8}")) {
      throw new IllegalArgumentException(
          "setting '" + key + "' needs a positive whole number, was '" + value + "'");
    }
  }
}
