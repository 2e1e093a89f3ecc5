package dev.chorus.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One way of running the same load: through the bridge (the product path), as a plain activity, or
 * on the bridge's shape with nothing of Chorus (the ceiling), with its tuning.
 */
record Variant(String name, Path path, Tuning tuning) {

  enum Path {
    /**
     * PipelineWorkflowImpl, dispatch over Redis, no-op agent, reply signalled back by the bridge.
     */
    BRIDGE,
    /** PlainPipelineWorkflowImpl calling a no-op activity in the worker. */
    PLAIN,
    /**
     * CeilingWorkflowImpl: per step a local activity, then a signal from an in-process signaller.
     */
    CEILING;

    /** The paths the others are compared against, in the order of the table's columns. */
    boolean baseline() {
      return this != BRIDGE;
    }

    /** As written in a variant's spec and in the report. */
    String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  Variant {
    if (!name.matches("[a-z0-9][a-z0-9.-]*")) {
      throw new IllegalArgumentException(
          "variant name '" + name + "' must be lower-case letters, digits, '.' or '-'");
    }
  }

  /**
   * Parses {@code name=path[:key=value,key=value…]}, e.g. {@code sig1=bridge:signal-concurrency=1}.
   * The path is {@code bridge}, {@code plain} or {@code ceiling}.
   */
  static Variant parse(String spec, Tuning base) {
    int eq = spec.indexOf('=');
    if (eq < 0) {
      throw new IllegalArgumentException(
          "variant '" + spec + "' must look like name=bridge|plain|ceiling[:key=value,…]");
    }
    String name = spec.substring(0, eq);
    String rest = spec.substring(eq + 1);
    int colon = rest.indexOf(':');
    String path = colon < 0 ? rest : rest.substring(0, colon);
    Map<String, String> settings = new LinkedHashMap<>();
    if (colon >= 0) {
      for (String pair : rest.substring(colon + 1).split(",")) {
        String[] kv = pair.split("=", 2);
        if (kv.length != 2) {
          throw new IllegalArgumentException(
              "variant '" + name + "': setting '" + pair + "' must be key=value");
        }
        settings.put(kv[0], kv[1]);
      }
    }
    return new Variant(name, path(name, path), base.with(settings));
  }

  private static Path path(String name, String path) {
    return switch (path) {
      case "bridge" -> Path.BRIDGE;
      case "plain" -> Path.PLAIN;
      case "ceiling" -> Path.CEILING;
      default ->
          throw new IllegalArgumentException(
              "variant '" + name + "': path must be bridge, plain or ceiling, was '" + path + "'");
    };
  }
}
