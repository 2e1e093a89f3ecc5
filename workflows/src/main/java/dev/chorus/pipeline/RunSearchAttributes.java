package dev.chorus.pipeline;

import io.temporal.common.SearchAttributeKey;

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

  private RunSearchAttributes() {}
}
