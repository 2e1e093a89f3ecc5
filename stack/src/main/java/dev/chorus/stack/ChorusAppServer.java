package dev.chorus.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The Chorus application (gateway, worker and bridge roles) from its runnable jar. */
public final class ChorusAppServer extends Component {

  private final Path jar;
  private final int port;
  private final Map<String, String> environment;

  /**
   * @param environment the application's settings as environment variables (Spring Boot's relaxed
   *     names, e.g. {@code CHORUS_REDIS_URI})
   */
  public ChorusAppServer(
      StackHome home, String name, Path jar, int port, Map<String, String> environment) {
    super(home, name);
    this.jar = jar;
    this.port = port;
    this.environment = Map.copyOf(environment);
  }

  public String url() {
    return "http://localhost:" + port;
  }

  @Override
  protected void beforeStart() {
    if (!Files.isRegularFile(jar)) {
      throw new StackException(jar + " is missing; build it with mvn -B -DskipTests package");
    }
    Ports.requireFree(port, "the Chorus gateway", "CHORUS_GATEWAY_PORT");
  }

  @Override
  protected List<String> command() {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-jar", jar.toString()));
    return command;
  }

  @Override
  protected Map<String, String> environment() {
    Map<String, String> all = new java.util.HashMap<>(environment);
    all.put("SERVER_PORT", Integer.toString(port));
    return all;
  }

  @Override
  protected boolean healthy() throws java.io.IOException, InterruptedException {
    return HttpProbe.ok(url() + "/actuator/health", "\"status\":\"UP\"");
  }

  @Override
  protected Duration startupDeadline() {
    return Duration.ofSeconds(120);
  }
}
