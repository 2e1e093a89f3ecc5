package dev.chorus.app;

import dev.chorus.pipeline.DispatchMode;
import dev.chorus.pipeline.StepDefinition;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Every {@code chorus.*} setting, with defaults that run the local stack. The Temporal connection
 * itself is Temporal's own {@code spring.temporal.*} (see application.yaml).
 *
 * @param roles which parts of Chorus this process runs
 * @param redis where the agent streams are
 * @param temporal links to the Temporal Web UI
 * @param bridge how the bridge reads replies
 * @param dispatch how runs dispatch their steps
 * @param pipelines pipeline definitions by name
 */
@ConfigurationProperties("chorus")
public record ChorusProperties(
    @DefaultValue Roles roles,
    @DefaultValue Redis redis,
    @DefaultValue Temporal temporal,
    @DefaultValue Bridge bridge,
    @DefaultValue Dispatch dispatch,
    Map<String, Pipeline> pipelines) {

  public ChorusProperties {
    pipelines = pipelines == null ? Map.of() : Map.copyOf(pipelines);
  }

  /**
   * @param gateway serve the REST API
   * @param worker run pipeline workflows and dispatch activities
   * @param bridge deliver agents' replies to workflows
   */
  public record Roles(
      @DefaultValue("true") boolean gateway, @DefaultValue("true") boolean worker, @DefaultValue("true") boolean bridge) {}

  /** @param uri Redis URI, e.g. {@code redis://127.0.0.1:6379} */
  public record Redis(@DefaultValue("redis://127.0.0.1:6379") String uri) {}

  /** @param uiUrl base URL of the Temporal Web UI, for links to runs */
  public record Temporal(@DefaultValue("http://localhost:8233") String uiUrl) {}

  /**
   * @param consumerName this bridge's consumer name on the reply stream; stable per instance so a
   *     restarted bridge finds its unacknowledged replies
   * @param readBatch most replies per XREADGROUP
   * @param readBlock how long one XREADGROUP blocks
   * @param signalConcurrency most replies of one read signalled to their runs at once (see
   *     docs/performance.md for the measured effect)
   */
  public record Bridge(
      @DefaultValue("bridge-1") String consumerName,
      @DefaultValue("64") int readBatch,
      @DefaultValue("1s") Duration readBlock,
      @DefaultValue("16") int signalConcurrency) {}

  /**
   * @param mode {@code LOCAL_ACTIVITY} (XADD inside the workflow task) or {@code ACTIVITY} (XADD as
   *     its own activity task); set on each run when it starts (see docs/performance.md)
   */
  public record Dispatch(@DefaultValue("LOCAL_ACTIVITY") DispatchMode mode) {}

  /** @param steps the agent steps, in order */
  public record Pipeline(List<StepDefinition> steps) {}
}
