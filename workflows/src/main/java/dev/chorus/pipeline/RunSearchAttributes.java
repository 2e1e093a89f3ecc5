package dev.chorus.pipeline;

import dev.chorus.pipeline.model.PipelineDefinition;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributes;

/**
 * Search attributes that let operators filter runs in the Temporal UI and CLI, e.g. {@code temporal
 * workflow list --query "ChorusPipeline='text-insights'"}. They must be registered on the namespace
 * before a run uses them; the stack registers {@link #ALL} on the servers it starts.
 */
public final class RunSearchAttributes {

  public static final SearchAttributeKey<String> PIPELINE =
      SearchAttributeKey.forKeyword("ChorusPipeline");
  public static final SearchAttributeKey<String> STATUS =
      SearchAttributeKey.forKeyword("ChorusStatus");
  public static final SearchAttributeKey<String> STEP = SearchAttributeKey.forKeyword("ChorusStep");

  /** Every attribute above: the one list the servers Chorus starts register. */
  public static final java.util.List<SearchAttributeKey<?>> ALL =
      java.util.List.of(PIPELINE, STATUS, STEP);

  /**
   * What a run of {@code definition} is started with: its pipeline, {@code RUNNING} and its first
   * step, as the run's first workflow task would upsert them. A run that finds them set already
   * upserts nothing then (one history event fewer), and a run is listed as running from its start.
   */
  public static SearchAttributes atStart(PipelineDefinition definition) {
    SearchAttributes.Builder attributes =
        SearchAttributes.newBuilder()
            .set(PIPELINE, definition.name())
            .set(STATUS, RunStatus.RUNNING.name());
    if (!definition.steps().isEmpty()) {
      attributes.set(STEP, definition.steps().get(0).name());
    }
    return attributes.build();
  }

  private RunSearchAttributes() {}
}
