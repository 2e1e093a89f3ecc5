package dev.chorus.cli;

import dev.chorus.registry.credentials.AgentCredentials;
import dev.chorus.stack.AgentServer;
import dev.chorus.stack.ChorusAppServer;
import dev.chorus.stack.Component;
import dev.chorus.stack.PostgresTemporal;
import dev.chorus.stack.PrometheusServer;
import dev.chorus.stack.RedisProbe;
import dev.chorus.stack.RedisServer;
import dev.chorus.stack.StackException;
import dev.chorus.stack.StackHome;
import dev.chorus.stack.TemporalDevServer;
import dev.chorus.stack.TemporalEngine;
import dev.chorus.stack.TemporalPorts;
import dev.chorus.stack.TemporalProbe;
import dev.chorus.stack.TemporalServerPorts;
import dev.chorus.stack.Tools;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The local stack {@code ./chorus up} runs: a Temporal dev server on a SQLite file (or, with {@code
 * CHORUS_TEMPORAL_ENGINE=postgres}, the Temporal server on a PostgreSQL cluster), Redis with an
 * append-only file, the Chorus application and the demo agents, optionally Prometheus; its state in
 * {@code .data/} of the checkout ({@code CHORUS_STATE_DIR}). Servers named by {@code
 * CHORUS_TEMPORAL_ADDRESS} or {@code CHORUS_REDIS_URI} are used as they are and never started or
 * stopped.
 */
final class LocalStack {

  /**
   * The demo agents: three Java ones from the examples jar and the Python one, each serving {@code
   * text.<name>}.
   */
  static final List<String> AGENTS = List.of("keywords", "summary", "sentiment", "stats");

  /**
   * The components of the two engines; the Temporal server's cluster is {@code <name>-postgres}.
   */
  static final String DEV_SERVER = "temporal";

  static final String TEMPORAL_SERVER = "temporal-server";

  final CliSettings settings;
  final Tools tools;
  final StackHome home;

  LocalStack(CliSettings settings, Tools tools) {
    this.settings = settings;
    this.tools = tools;
    this.home =
        StackHome.persistent(
            tools.checkout().resolve(settings.get(CliSettings.STATE_DIR)), Console::info);
  }

  static LocalStack fromEnvironment() {
    return new LocalStack(CliSettings.fromEnvironment(), Tools.locate());
  }

  /** Null when Chorus uses an existing Temporal. */
  TemporalEngine temporal() {
    if (settings.temporalExternal()) {
      return null;
    }
    return settings.postgresEngine() ? postgresTemporal() : devServer();
  }

  private TemporalDevServer devServer() {
    int port = settings.temporalPort();
    TemporalPorts ports = new TemporalPorts(port, settings.temporalUiPort(), port + 10, 0);
    boolean writeAheadLog = !settings.get(CliSettings.TEMPORAL_WAL).equals("0");
    return new TemporalDevServer(
        home, DEV_SERVER, tools, ports, home.data(DEV_SERVER).resolve("chorus.db"), writeAheadLog);
  }

  /** Its services on Temporal's default ports around the frontend's, so they stay the same. */
  private PostgresTemporal postgresTemporal() {
    TemporalServerPorts ports;
    try {
      ports = TemporalServerPorts.around(settings.temporalPort());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          e.getMessage() + "; choose a " + CliSettings.TEMPORAL_PORT.name() + " below 33068", e);
    }
    return new PostgresTemporal(home, TEMPORAL_SERVER, tools, settings.postgresPort(), ports);
  }

  /** Null when Chorus uses an existing Redis. */
  RedisServer redis() {
    return settings.redisExternal()
        ? null
        : new RedisServer(home, "redis", tools, settings.redisPort());
  }

  ChorusAppServer chorus() {
    return new ChorusAppServer(
        home,
        "chorus",
        jar("app/target/chorus-app-exec.jar"),
        settings.gatewayPort(),
        Map.of(
            "CHORUS_TEMPORAL_ADDRESS", settings.temporalAddress(),
            "CHORUS_REDIS_URI", redisUri(),
            "CHORUS_TEMPORAL_UI_URL", settings.temporalUiUrl(),
            "SPRING_PROFILES_ACTIVE", settings.get(CliSettings.PROFILES)));
  }

  List<AgentServer> agents() {
    List<AgentServer> agents = new ArrayList<>();
    for (String name : AGENTS) {
      List<String> command =
          name.equals("stats")
              ? List.of(
                  tools.python().toString(),
                  tools.checkout().resolve("examples/python/stats_agent.py").toString())
              : List.of(
                  java(), "-jar", jar("examples/target/chorus-examples-exec.jar").toString(), name);
      // A stable id: a restarted agent takes its own pending tasks back under the same consumer
      // name.
      String capability = "text." + name;
      String agentId = "demo-" + name;
      agents.add(
          new AgentServer(
              home,
              "agent-" + name,
              capability,
              agentId,
              command,
              Map.of(),
              redisUri(),
              () -> credentials(capability, agentId)));
    }
    return agents;
  }

  /**
   * The Redis URI of the application's user: the local Redis's, or {@code CHORUS_REDIS_URI} as
   * given.
   */
  String redisUri() {
    RedisServer redis = redis();
    return redis == null ? settings.redisUri() : redis.uri();
  }

  /** Where agents connect: the same Redis, without the application's credentials. */
  String agentRedisAddress() {
    RedisServer redis = redis();
    return redis == null ? settings.redisUri() : redis.address();
  }

  /** Provisions an agent's own Redis user (as {@code ./chorus agent-credentials create} does). */
  private String credentials(String capability, String agentId) {
    try (RedisSession redis = new RedisSession(redisUri())) {
      return new AgentCredentials(redis.commands(), agentRedisAddress())
          .create(capability, agentId)
          .uri();
    }
  }

  PrometheusServer prometheus() {
    return new PrometheusServer(
        home,
        "prometheus",
        tools,
        settings.prometheusPort(),
        "127.0.0.1:" + settings.gatewayPort(),
        tools.checkout().resolve("infra/prometheus/chorus-alerts.rules.yml"),
        Duration.ofSeconds(5));
  }

  /**
   * Every component this home may have started, in start order: the chosen engine's, and the other
   * engine's while it has a record of running, so that {@code down} stops it whichever is chosen.
   */
  List<Component> components() {
    List<Component> all = new ArrayList<>();
    if (!settings.temporalExternal()) {
      List<String> recorded = home.recorded();
      if (settings.postgresEngine()) {
        if (recorded.contains(DEV_SERVER)) {
          all.add(devServer());
        }
      } else if (recorded.contains(TEMPORAL_SERVER)
          || recorded.contains(TEMPORAL_SERVER + "-postgres")) {
        postgresTemporal().components().stream()
            .filter(c -> recorded.contains(c.name()))
            .forEach(all::add);
      }
      all.addAll(temporal().components());
    }
    if (redis() != null) {
      all.add(redis());
    }
    all.add(chorus());
    all.addAll(agents());
    all.add(prometheus());
    return all;
  }

  /** Starts whatever is missing and waits for each part to be healthy. */
  void up(boolean withPrometheus) {
    startServers();
    chorus().start();
    // Started together, so the agents' JVMs boot side by side.
    List<CompletableFuture<Boolean>> agents =
        agents().stream().map(a -> CompletableFuture.supplyAsync(a::start)).toList();
    try {
      agents.forEach(CompletableFuture::join);
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
    if (withPrometheus) {
      prometheus().start();
    }
  }

  /** Temporal and Redis: started unless given, then checked. */
  void startServers() {
    TemporalEngine temporal = temporal();
    if (temporal == null) {
      Console.info(
          "using the existing Temporal at "
              + settings.temporalAddress()
              + " (CHORUS_TEMPORAL_ADDRESS is set)");
    } else {
      refuseTheOtherEngine(temporal);
      temporal.start();
    }
    try (TemporalProbe probe =
        new TemporalProbe(settings.temporalAddress(), TemporalEngine.NAMESPACE)) {
      if (!probe.serving()) {
        throw new StackException(
            "Temporal at "
                + settings.temporalAddress()
                + " does not serve namespace "
                + TemporalEngine.NAMESPACE);
      }
      probe.ensureSearchAttributes();
    }
    RedisServer redis = redis();
    if (redis == null) {
      Console.info(
          "using the existing Redis at " + settings.redisUri() + " (CHORUS_REDIS_URI is set)");
      if (!RedisProbe.of(redisUri()).ping()) {
        throw new StackException("Redis at " + settings.redisUri() + " does not answer PING");
      }
    } else {
      redis.start();
    }
  }

  /** Both engines serve the same frontend port, so one runs at a time. */
  private void refuseTheOtherEngine(TemporalEngine chosen) {
    List<String> names = chosen.components().stream().map(Component::name).toList();
    for (Component component : components()) {
      boolean engine =
          component.name().equals(DEV_SERVER) || component.name().startsWith(TEMPORAL_SERVER);
      if (engine && !names.contains(component.name()) && component.running()) {
        throw new StackException(
            component.name()
                + " of the other Temporal engine runs; stop the stack with ./chorus down first, or"
                + " choose that engine with --temporal="
                + (settings.postgresEngine() ? "dev" : "postgres"));
      }
    }
  }

  /**
   * Stops what this home started, last started first; servers given from outside are left alone.
   */
  void down() {
    List<Component> all = components();
    for (int i = all.size() - 1; i >= 0; i--) {
      all.get(i).stop();
    }
  }

  String gatewayUrl() {
    return "http://localhost:" + settings.gatewayPort();
  }

  private Path jar(String relative) {
    return tools.checkout().resolve(relative);
  }

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
