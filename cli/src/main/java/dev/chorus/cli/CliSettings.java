package dev.chorus.cli;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment variables the command line reads, each with its default: the one place they are
 * written down. {@code ./chorus help} prints this list.
 */
record CliSettings(Map<String, String> environment) {

  /** A variable, its default and what it does. */
  record Variable(String name, String fallback, String description) {}

  static final Variable GATEWAY_PORT =
      new Variable("CHORUS_GATEWAY_PORT", "8080", "HTTP port of the Chorus gateway");
  static final Variable TEMPORAL_ADDRESS =
      new Variable(
          "CHORUS_TEMPORAL_ADDRESS",
          "",
          "Temporal frontend; setting it means \"use this existing Temporal, start none\" [127.0.0.1:<port>]");
  static final Variable TEMPORAL_PORT =
      new Variable("CHORUS_TEMPORAL_PORT", "7233", "frontend port of the local Temporal");
  static final Variable TEMPORAL_UI_PORT =
      new Variable(
          "CHORUS_TEMPORAL_UI_PORT",
          "",
          "Web UI port of the local Temporal [frontend port + 1000]");
  static final Variable TEMPORAL_UI_URL =
      new Variable(
          "CHORUS_TEMPORAL_UI_URL", "", "Web UI URL used in links [http://localhost:<UI port>]");
  static final Variable TEMPORAL_WAL =
      new Variable(
          "CHORUS_TEMPORAL_WAL",
          "1",
          "1: the local Temporal's SQLite file in WAL mode (twice as fast; an OS crash may lose its last transactions); 0: rollback journal");
  static final Variable TEMPORAL_ENGINE =
      new Variable(
          "CHORUS_TEMPORAL_ENGINE",
          "dev",
          "the local Temporal: dev (the temporal CLI's dev server on SQLite, with its Web UI) or postgres (the Temporal server on a PostgreSQL cluster of the stack's own, no Web UI); --temporal= on up, demo and bench sets it for one command");
  static final Variable POSTGRES_PORT =
      new Variable(
          "CHORUS_POSTGRES_PORT", "5432", "port of the local PostgreSQL cluster (engine postgres)");
  static final Variable REDIS_URI =
      new Variable(
          "CHORUS_REDIS_URI",
          "",
          "Redis as the application's user (redis://user:password@host:port, rediss:// for TLS); setting it means \"use this existing Redis, start none\" [the local Redis as user chorus, its password in <state dir>/redis/chorus.password]");
  static final Variable REDIS_PORT =
      new Variable("CHORUS_REDIS_PORT", "6379", "port of the local Redis");
  static final Variable PROMETHEUS =
      new Variable(
          "CHORUS_PROMETHEUS", "0", "1: 'up' also starts Prometheus (as --with-prometheus)");
  static final Variable PROMETHEUS_PORT =
      new Variable("CHORUS_PROMETHEUS_PORT", "9090", "port of that Prometheus");
  static final Variable BENCH_HEAP =
      new Variable("CHORUS_BENCH_HEAP", "1g", "-Xmx of the benchmark JVM");
  static final Variable BENCH_JAVA =
      new Variable("CHORUS_BENCH_JAVA", "java", "java executable of the benchmark");
  static final Variable STATE_DIR =
      new Variable(
          "CHORUS_STATE_DIR",
          ".data",
          "folder of the local stack's state (databases, logs, PID files), relative to the checkout");
  static final Variable PROFILES =
      new Variable("SPRING_PROFILES_ACTIVE", "local", "profiles of the application 'up' starts");

  static final List<Variable> ALL =
      List.of(
          GATEWAY_PORT,
          TEMPORAL_ADDRESS,
          TEMPORAL_PORT,
          TEMPORAL_UI_PORT,
          TEMPORAL_UI_URL,
          TEMPORAL_WAL,
          TEMPORAL_ENGINE,
          POSTGRES_PORT,
          REDIS_URI,
          REDIS_PORT,
          PROMETHEUS,
          PROMETHEUS_PORT,
          BENCH_HEAP,
          BENCH_JAVA,
          STATE_DIR,
          PROFILES);

  static CliSettings fromEnvironment() {
    return new CliSettings(System.getenv());
  }

  /** These settings with {@code variable} set to {@code value}, as a command-line option does. */
  CliSettings with(Variable variable, String value) {
    Map<String, String> changed = new HashMap<>(environment);
    changed.put(variable.name(), value);
    return new CliSettings(Map.copyOf(changed));
  }

  String get(Variable variable) {
    String value = environment.get(variable.name());
    return value == null || value.isBlank() ? variable.fallback() : value.trim();
  }

  int port(Variable variable, int fallback) {
    String value = get(variable);
    if (value.isEmpty()) {
      return fallback;
    }
    try {
      int port = Integer.parseInt(value);
      if (port < 1 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          variable.name() + " must be a port between 1 and 65535 but was '" + value + "'");
    }
  }

  int gatewayPort() {
    return port(GATEWAY_PORT, 0);
  }

  boolean temporalExternal() {
    return !get(TEMPORAL_ADDRESS).isEmpty();
  }

  int temporalPort() {
    return port(TEMPORAL_PORT, 0);
  }

  /** Whether the local Temporal is the Temporal server on PostgreSQL rather than the dev server. */
  boolean postgresEngine() {
    String engine = get(TEMPORAL_ENGINE);
    return switch (engine) {
      case "dev" -> false;
      case "postgres" -> true;
      default ->
          throw new IllegalArgumentException(
              TEMPORAL_ENGINE.name() + " must be dev or postgres but was '" + engine + "'");
    };
  }

  int postgresPort() {
    return port(POSTGRES_PORT, 0);
  }

  int temporalUiPort() {
    return port(TEMPORAL_UI_PORT, temporalPort() + 1000);
  }

  String temporalAddress() {
    return temporalExternal() ? get(TEMPORAL_ADDRESS) : "127.0.0.1:" + temporalPort();
  }

  String temporalUiUrl() {
    String url = get(TEMPORAL_UI_URL);
    return url.isEmpty() ? "http://localhost:" + temporalUiPort() : url;
  }

  boolean redisExternal() {
    return !get(REDIS_URI).isEmpty();
  }

  int redisPort() {
    return port(REDIS_PORT, 0);
  }

  String redisUri() {
    return redisExternal() ? get(REDIS_URI) : "redis://127.0.0.1:" + redisPort();
  }

  boolean prometheus() {
    return get(PROMETHEUS).equals("1");
  }

  int prometheusPort() {
    return port(PROMETHEUS_PORT, 0);
  }

  /** The variables as the help text lists them. */
  static String describe() {
    StringBuilder text = new StringBuilder();
    for (Variable v : ALL) {
      text.append(
          String.format(
              "  %-34s %s%s%n",
              v.name(), v.description(), v.fallback().isEmpty() ? "" : " [" + v.fallback() + "]"));
    }
    return text.toString();
  }
}
