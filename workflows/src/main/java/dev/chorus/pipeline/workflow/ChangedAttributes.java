package dev.chorus.pipeline.workflow;

import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributeUpdate;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Keyword search attributes set in one upsert (one history event), leaving out any that already has
 * its value: {@link Workflow#getTypedSearchAttributes()} holds those the run started with and has
 * upserted since, the same on replay.
 */
final class ChangedAttributes {

  // Insertion order: the upsert is built the same way on every replay.
  private final Map<SearchAttributeKey<String>, String> values = new LinkedHashMap<>();

  ChangedAttributes set(SearchAttributeKey<String> key, String value) {
    values.put(key, value);
    return this;
  }

  void upsert() {
    List<SearchAttributeUpdate<?>> updates = new ArrayList<>();
    values.forEach(
        (key, value) -> {
          if (!Objects.equals(Workflow.getTypedSearchAttributes().get(key), value)) {
            updates.add(value == null ? key.valueUnset() : key.valueSet(value));
          }
        });
    if (!updates.isEmpty()) {
      Workflow.upsertTypedSearchAttributes(updates.toArray(SearchAttributeUpdate<?>[]::new));
    }
  }
}
