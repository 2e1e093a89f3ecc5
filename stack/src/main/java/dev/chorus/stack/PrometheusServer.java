package dev.chorus.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Debian's {@code prometheus}, scraping Chorus's {@code /actuator/prometheus} with the alert rules
 * loaded. Its storage starts empty at every start: series of an earlier stack's targets would still
 * answer queries.
 */
public final class PrometheusServer extends Component {

  private final Tools tools;
  private final int port;
  private final String target;
  private final Path rules;
  private final Duration interval;
  private final String apiKey;

  /**
   * @param target the Chorus application's {@code host:port}, with authentication off (the local
   *     stack)
   * @param rules the alert rules file
   * @param interval scrape and rule evaluation interval
   */
  public PrometheusServer(
      StackHome home,
      String name,
      Tools tools,
      int port,
      String target,
      Path rules,
      Duration interval) {
    this(home, name, tools, port, target, rules, interval, null);
  }

  /**
   * @param apiKey a gateway API key with the viewer role, sent as {@code Authorization: ApiKey
   *     <key>} with every scrape, since the metrics need it when authentication is on; null sends
   *     none
   */
  public PrometheusServer(
      StackHome home,
      String name,
      Tools tools,
      int port,
      String target,
      Path rules,
      Duration interval,
      String apiKey) {
    super(home, name);
    this.tools = tools;
    this.port = port;
    this.target = target;
    this.rules = rules.toAbsolutePath();
    this.interval = interval;
    this.apiKey = apiKey;
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  protected void beforeStart() {
    Ports.requireFree(port, name(), "its port setting");
  }

  @Override
  protected List<String> command() {
    Path dir = home.data(name());
    Path config = dir.resolve("prometheus.yml");
    String seconds = interval.toSeconds() + "s";
    try {
      Files.writeString(
          config,
          String.join(
              "\n",
              "global:",
              "  scrape_interval: " + seconds,
              // A scrape of a busy JVM may take as long as the interval; it must not be cut
              // shorter.
              "  scrape_timeout: " + seconds,
              "  evaluation_interval: " + seconds,
              "rule_files:",
              "  - " + rules,
              "scrape_configs:",
              "  - job_name: chorus",
              "    metrics_path: /actuator/prometheus",
              apiKey == null
                  ? ""
                  : "    authorization: { type: ApiKey, credentials: '" + apiKey + "' }",
              "    static_configs:",
              "      - targets: ['" + target + "']",
              ""));
      Path storage = dir.resolve("data");
      if (Files.exists(storage)) {
        try (var files = Files.walk(storage)) {
          files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
      return List.of(
          tools.prometheus().toString(),
          "--config.file=" + config,
          "--storage.tsdb.path=" + storage,
          "--web.listen-address=127.0.0.1:" + port);
    } catch (IOException e) {
      throw new UncheckedIOException("could not prepare " + dir, e);
    }
  }

  @Override
  protected boolean healthy() throws IOException, InterruptedException {
    return HttpProbe.ok(url() + "/-/ready", null);
  }
}
